import { SaxesParser, type SaxesTagPlain } from "saxes";
import { FormatError, type FormatName } from "./errors";
import { decodeInput } from "./encoding";
import { DEFAULT_MAX_DEPTH, type ReadLimits, type TextInput } from "./model";

// ---------------------------------------------------------------- writing

/** Characters not allowed in XML 1.0 (C0 controls except tab/LF/CR, lone surrogates, U+FFFE/FFFF). */
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Replace characters that XML 1.0 cannot carry (default: U+FFFD; pass "" to drop them). */
export function xmlSafe(s: string, replacement = "\uFFFD"): string {
  return s.replace(INVALID_XML, replacement);
}

/** Escape element text. `\r` becomes `&#13;` so it survives end-of-line normalisation. */
export function escapeXmlText(s: string, replacement?: string): string {
  return xmlSafe(s, replacement)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r/g, "&#13;");
}

/** Escape an attribute value for either quote style; whitespace controls become references. */
export function escapeXmlAttr(s: string, replacement?: string): string {
  return xmlSafe(s, replacement)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
}

// ---------------------------------------------------------------- reading

export interface XmlHandlers {
  /** `at` is the 1-based position just after the start tag. */
  open?(tag: SaxesTagPlain, depth: number, at: { line: number; column: number }): void;
  close?(tag: SaxesTagPlain, depth: number): void;
  /** Character data (text and CDATA), entities already resolved. */
  text?(text: string): void;
}

export interface XmlReadOptions extends ReadLimits {
  format: FormatName;
  file?: string;
}

/**
 * Check a DOCTYPE: a plain `<!DOCTYPE root>` or one naming an external DTD
 * (`SYSTEM "tmx14.dtd"`, never fetched) is fine; any internal subset that
 * declares or references entities is refused (billion laughs, XXE).
 */
function checkDoctype(doctype: string): string | null {
  if (/<!ENTITY/i.test(doctype) || /\bENTITY\b/.test(doctype)) {
    return "DOCTYPE declares entities; entity declarations are not accepted (possible entity-expansion or external-entity attack)";
  }
  const open = doctype.indexOf("[");
  if (open !== -1 && /%[A-Za-z_:][\w.:-]*;/.test(doctype.slice(open))) {
    return "DOCTYPE internal subset uses parameter entities; not accepted";
  }
  return null;
}

/**
 * Parse XML with saxes, hardened: input size cap, nesting-depth cap, no entity
 * declarations (saxes never expands custom entities; undefined ones are errors),
 * errors as FormatError with 1-based line/column.
 */
export function parseXml(input: TextInput, handlers: XmlHandlers, o: XmlReadOptions): void {
  const text = decodeInput(input, {
    format: o.format,
    file: o.file,
    maxBytes: o.maxBytes,
    xmlDeclaration: true,
  });
  const maxDepth = o.maxDepth ?? DEFAULT_MAX_DEPTH;
  const parser = new SaxesParser({ xmlns: false, position: true });
  const fail = (message: string): never => {
    throw new FormatError(o.format, message, {
      file: o.file,
      line: parser.line,
      column: parser.column + 1,
    });
  };
  let depth = 0;
  let sawRoot = false;
  parser.on("error", (err) => {
    // saxes prefixes "line:col: "; keep only the message, our error carries the position.
    const msg = err.message.replace(/^(?:[^:]*:)?\d+:\d+:\s*/, "");
    // An HTML entity such as &nbsp;, or one an external DTD would define: neither is read.
    const hint = /^undefined entity/i.test(msg)
      ? " (XML only defines &amp; &lt; &gt; &quot; &apos; and numeric references such as &#160;; DTDs are not read)"
      : "";
    fail(`malformed XML: ${msg.replace(/\.$/, "")}${hint}`);
  });
  parser.on("doctype", (dt) => {
    const problem = checkDoctype(dt);
    if (problem) fail(problem);
  });
  parser.on("opentag", (tag) => {
    depth++;
    sawRoot = true;
    if (depth > maxDepth) fail(`elements nested deeper than ${maxDepth} levels`);
    handlers.open?.(tag, depth, { line: parser.line, column: parser.column + 1 });
  });
  parser.on("closetag", (tag) => {
    handlers.close?.(tag, depth);
    depth--;
  });
  if (handlers.text) {
    const t = handlers.text;
    parser.on("text", (s) => t(s));
    parser.on("cdata", (s) => t(s));
  }
  try {
    // Feed in slices so very large documents do not build one huge internal chunk.
    const STEP = 1 << 20;
    let i = 0;
    while (i < text.length) {
      let end = Math.min(text.length, i + STEP);
      const c = text.charCodeAt(end - 1);
      if (end < text.length && c >= 0xd800 && c <= 0xdbff) end++; // keep surrogate pairs whole
      parser.write(text.slice(i, end));
      i = end;
    }
    parser.close();
  } catch (e) {
    if (e instanceof FormatError) throw e;
    throw new FormatError(o.format, e instanceof Error ? e.message : String(e), {
      file: o.file,
      line: parser.line,
      column: parser.column + 1,
    });
  }
  if (!sawRoot) fail("no root element");
}

/** Attribute value of a plain tag (attributes are strings when xmlns is off). */
export function attr(tag: SaxesTagPlain, name: string): string | undefined {
  const v = tag.attributes[name];
  return typeof v === "string" ? v : undefined;
}

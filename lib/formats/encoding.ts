import { FormatError, type FormatName } from "./errors";
import { DEFAULT_MAX_BYTES, type TextInput } from "./model";

export interface DecodeOptions {
  format: FormatName;
  file?: string;
  maxBytes?: number;
  /** For XML: honour a non-UTF encoding named in the XML declaration (no BOM case). */
  xmlDeclaration?: boolean;
}

function toBytes(input: Uint8Array | ArrayBuffer): Uint8Array {
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

function sizeError(o: DecodeOptions, size: number, max: number): FormatError {
  return new FormatError(
    o.format,
    `input is ${size} bytes, over the ${max}-byte limit`,
    { file: o.file },
  );
}

function decodeWith(label: string, bytes: Uint8Array, o: DecodeOptions): string {
  let dec: TextDecoder;
  try {
    dec = new TextDecoder(label, { fatal: true, ignoreBOM: false });
  } catch {
    throw new FormatError(o.format, `unsupported text encoding "${label}"`, { file: o.file });
  }
  try {
    return dec.decode(bytes);
  } catch {
    throw new FormatError(o.format, `input is not valid ${label.toUpperCase()} text`, {
      file: o.file,
    });
  }
}

function lineColOf(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) {
    line++;
    last = i;
  }
  return { line, column: index - last };
}

/**
 * Turn raw input into a JS string.
 * - Bytes: UTF-8 (with or without BOM), UTF-16LE/BE with BOM; for XML without BOM,
 *   a non-UTF-8 `encoding="…"` in the declaration is honoured when the runtime knows it.
 * - Rejects inputs over `maxBytes` and binary data (NUL characters) with a FormatError.
 * - A leading BOM is removed.
 */
export function decodeInput(input: TextInput, o: DecodeOptions): string {
  const max = o.maxBytes ?? DEFAULT_MAX_BYTES;
  let text: string;
  if (typeof input === "string") {
    // A JS string is at most 3 UTF-8 bytes per UTF-16 unit; measure exactly only when close.
    if (input.length > max || (input.length * 3 > max && Buffer.byteLength(input, "utf8") > max)) {
      throw sizeError(o, Buffer.byteLength(input, "utf8"), max);
    }
    text = input;
  } else {
    const bytes = toBytes(input);
    if (bytes.length > max) throw sizeError(o, bytes.length, max);
    if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      text = decodeWith("utf-8", bytes.subarray(3), o);
    } else if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
      text = decodeWith("utf-16le", bytes.subarray(2), o);
    } else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
      text = decodeWith("utf-16be", bytes.subarray(2), o);
    } else {
      const nul = bytes.indexOf(0);
      if (nul !== -1) {
        throw new FormatError(
          o.format,
          `input looks binary (NUL byte at offset ${nul}); expected UTF-8 text, or UTF-16 with a byte-order mark`,
          { file: o.file },
        );
      }
      let label = "utf-8";
      if (o.xmlDeclaration) {
        const head = new TextDecoder("latin1").decode(bytes.subarray(0, 200));
        const m = /^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
        if (m && !/^utf-?8$/i.test(m[1])) label = m[1].toLowerCase();
        if (/^utf-?16/.test(label)) {
          throw new FormatError(o.format, `declared encoding ${m![1]} but no byte-order mark`, {
            file: o.file,
          });
        }
      }
      text = decodeWith(label, bytes, o);
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nul = text.indexOf("\0");
  if (nul !== -1) {
    const { line, column } = lineColOf(text, nul);
    throw new FormatError(o.format, "input looks binary (NUL character); expected text", {
      file: o.file,
      line,
      column,
    });
  }
  return text;
}

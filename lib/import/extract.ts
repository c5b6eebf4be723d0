/**
 * Uploaded file (or pasted text) -> clean text for the aligner, or an ImportError.
 *
 * Format is decided by content first, then extension, then MIME type:
 * - a ZIP that is a Word package -> .docx (mammoth raw text); other ZIPs (xlsx, pptx,
 *   odt, epub, plain archives) are refused by name;
 * - known binary formats (PDF, images, .doc …) are refused (see decode.ts);
 * - .html/.htm/.xhtml, text/html, or text that starts like an HTML document -> HTML;
 * - .md/.markdown or text/markdown -> Markdown;
 * - everything else that decodes as text -> plain text.
 * The result is always passed through normalizeText and checked for emptiness and
 * MAX_TEXT_CHARS.
 */
import mammoth from "mammoth";
import { Unzip, UnzipInflate, unzipSync } from "fflate";
import { normalizeText } from "../text/segment";
import { decodeUpload, isBlank, isZip, sniffBinaryFormat, type TextEncoding } from "./decode";
import { htmlToText, looksLikeHtml, sniffHtmlCharset } from "./html";
import {
  formatBytes,
  ImportError,
  label,
  MAX_DOCX_UNCOMPRESSED_BYTES,
  MAX_DOCX_XML_BYTES,
  MAX_DOCX_XML_TAGS,
  MAX_TEXT_CHARS,
  MAX_UPLOAD_BYTES,
} from "./limits";
import { markdownToText } from "./markdown";

export type SourceFormat = "text" | "markdown" | "html" | "docx";

export interface ExtractedText {
  /** normalizeText'd; never empty. */
  text: string;
  format: SourceFormat;
  /** Encoding of the text file; null for .docx (XML inside a ZIP) and pasted text. */
  encoding: TextEncoding | null;
  /** Things the user may want to know (guessed encoding, removed characters …). */
  warnings: string[];
}

export interface ExtractOptions {
  /** Defaults to MAX_UPLOAD_BYTES. */
  maxBytes?: number;
  /** Defaults to MAX_TEXT_CHARS. */
  maxChars?: number;
  /** .docx: real unpacked size of all entries; defaults to MAX_DOCX_UNCOMPRESSED_BYTES. */
  maxUnpackedBytes?: number;
}

const SUPPORTED = "Parallax reads .txt, .md, .html and .docx files";

const UNSUPPORTED_EXT: Record<string, string> = {
  pdf: "a PDF file",
  doc: "an old Word (.doc) file",
  rtf: "an RTF document",
  odt: "an OpenDocument text",
  pages: "an Apple Pages document",
  wps: "a WPS document",
  xls: "an Excel workbook",
  xlsx: "an Excel workbook",
  csv: "a spreadsheet (CSV)",
  ppt: "a PowerPoint presentation",
  pptx: "a PowerPoint presentation",
  epub: "an e-book (EPUB)",
  zip: "a ZIP archive",
  png: "an image",
  jpg: "an image",
  jpeg: "an image",
  gif: "an image",
};

const ENCODING_NAMES: Record<TextEncoding, string> = {
  "utf-8": "UTF-8",
  "utf-16le": "UTF-16 (little-endian)",
  "utf-16be": "UTF-16 (big-endian)",
  gb18030: "GB18030 (GBK/GB2312)",
  big5: "Big5 (Traditional Chinese)",
  "windows-1252": "Windows-1252 (Western)",
};

function extensionOf(fileName: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(fileName.trim());
  return m ? m[1].toLowerCase() : "";
}

function charsetToEncoding(charset: string | null): TextEncoding | undefined {
  if (!charset) return undefined;
  if (/^(gb2312|gbk|gb18030|x-gbk|cp936|euc-cn)$/.test(charset)) return "gb18030";
  if (/^(big5|big5-hkscs|x-x-big5|cp950)$/.test(charset)) return "big5";
  if (/^(windows-1252|iso-8859-1|latin1|us-ascii|ascii|cp1252)$/.test(charset)) return "windows-1252";
  return undefined;
}

// ---------------------------------------------------------------------------
// ZIP / docx

type ZipKind = "docx" | "xlsx" | "pptx" | "odf" | "epub" | "zip";

function inspectZip(bytes: Uint8Array, name: string, maxUnpacked: number): ZipKind {
  const names: string[] = [];
  let total = 0;
  let mimetype = "";
  try {
    const files = unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name);
        total += f.originalSize;
        return f.name === "mimetype" && f.originalSize < 200;
      },
    });
    if (files.mimetype) mimetype = new TextDecoder().decode(files.mimetype).trim();
  } catch {
    throw new ImportError("invalid-docx", `${label(name)} is a damaged or incomplete ZIP file: save the document again as .docx`);
  }
  if (total > maxUnpacked) {
    throw new ImportError(
      "too-large",
      `${label(name)} unpacks to ${formatBytes(total)}; the limit is ${formatBytes(maxUnpacked)} unpacked`,
    );
  }
  let scan: ReturnType<typeof scanZip>;
  try {
    scan = scanZip(bytes, maxUnpacked);
  } catch {
    throw new ImportError("invalid-docx", `${label(name)} is a damaged ZIP file (its contents do not unpack): save the document again as .docx`);
  }
  if (scan.over) {
    throw new ImportError(
      "too-large",
      `${label(name)} unpacks to more than ${formatBytes(maxUnpacked)} (it declares ${formatBytes(total)}); the limit is ${formatBytes(maxUnpacked)} unpacked`,
    );
  }
  if (scan.xmlOver) {
    const what =
      scan.xmlOver === "bytes"
        ? `more than ${formatBytes(MAX_DOCX_XML_BYTES)} of document markup`
        : `more than ${MAX_DOCX_XML_TAGS.toLocaleString("en-US")} pieces of formatting (XML tags)`;
    throw new ImportError(
      "too-large",
      `${label(name)} holds ${what}, which is more than Parallax reads from one Word document: split it, or save it as plain text (.txt) and import that`,
    );
  }
  if (scan.doctypeIn) {
    throw new ImportError(
      "invalid-docx",
      `${label(name)} has a DOCTYPE declaration in ${scan.doctypeIn}, which Word never writes (entity declarations are refused: they can expand into huge text or read local files)`,
    );
  }
  const has = (n: string) => names.includes(n);
  if (has("word/document.xml") && has("[Content_Types].xml")) return "docx";
  if (has("xl/workbook.xml")) return "xlsx";
  if (has("ppt/presentation.xml")) return "pptx";
  if (mimetype === "application/epub+zip") return "epub";
  if (mimetype.startsWith("application/vnd.oasis.opendocument")) return "odf";
  return "zip";
}

/**
 * Inflates (and discards) every entry, counting the real unpacked size until `limit` is
 * passed, and looks at the prolog of each XML part. The sizes a zip declares are written by
 * whoever made it: a crafted archive can declare 1 KB and inflate to gigabytes inside the Word
 * reader. Word never writes a DOCTYPE, so one in a part can only be an entity-expansion or
 * external-entity attempt (the Word reader does not expand them either; this names the problem).
 */
interface ZipScan {
  /** the real unpacked size passed the limit */
  over: boolean;
  /** the XML parts passed their byte or tag budget (MAX_DOCX_XML_BYTES / _TAGS) */
  xmlOver: "bytes" | "tags" | null;
  doctypeIn: string | null;
}

/** Number of "<" in a chunk: the tags (and comments, declarations) an XML part opens. */
function countTags(data: Uint8Array): number {
  let n = 0;
  for (let i = data.indexOf(0x3c); i !== -1; i = data.indexOf(0x3c, i + 1)) n++;
  return n;
}

function scanZip(bytes: Uint8Array, limit: number): ZipScan {
  let total = 0;
  let xmlBytes = 0;
  let tags = 0;
  const scan: ZipScan = { over: false, xmlOver: null, doctypeIn: null };
  const stop = () => scan.over || scan.xmlOver !== null;
  const unzip = new Unzip((file) => {
    const xml = /\.(xml|rels)$/i.test(file.name);
    let head = "";
    file.ondata = (err, data) => {
      if (err) throw err;
      total += data.length;
      if (xml) {
        xmlBytes += data.length;
        tags += countTags(data);
        if (head.length < 4096) {
          head += new TextDecoder().decode(data.subarray(0, 4096 - head.length));
          if (scan.doctypeIn === null && /<!DOCTYPE|<!ENTITY/i.test(head)) scan.doctypeIn = file.name;
        }
      }
      if (total > limit) scan.over = true;
      else if (xmlBytes > MAX_DOCX_XML_BYTES) scan.xmlOver = "bytes";
      else if (tags > MAX_DOCX_XML_TAGS) scan.xmlOver = "tags";
      if (stop()) file.terminate();
    };
    if (!stop()) file.start();
  });
  unzip.register(UnzipInflate);
  const STEP = 64 * 1024;
  for (let i = 0; i < bytes.length && !stop(); i += STEP) {
    unzip.push(bytes.subarray(i, Math.min(bytes.length, i + STEP)), i + STEP >= bytes.length);
  }
  return scan;
}

const ZIP_WHAT: Record<Exclude<ZipKind, "docx">, string> = {
  xlsx: "an Excel workbook",
  pptx: "a PowerPoint presentation",
  odf: "an OpenDocument file",
  epub: "an e-book (EPUB)",
  zip: "a ZIP archive",
};

async function extractDocx(bytes: Uint8Array, name: string, maxUnpacked: number): Promise<{ text: string; warnings: string[] }> {
  const kind = inspectZip(bytes, name, maxUnpacked);
  if (kind !== "docx") {
    throw new ImportError(
      "unsupported-format",
      `${label(name)} looks like ${ZIP_WHAT[kind]}, not a Word document: ${SUPPORTED}`,
    );
  }
  let result: { value: string; messages: { type: string; message: string }[] };
  try {
    result = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  } catch (e) {
    throw new ImportError(
      "invalid-docx",
      `${label(name)} could not be read as a Word document (${e instanceof Error ? e.message : String(e)}): open it in Word and save it again as .docx`,
    );
  }
  const warnings = result.messages
    .filter((m) => m.type === "error" || m.type === "warning")
    .map((m) => `Word document: ${m.message}`);
  return { text: result.value, warnings };
}

// ---------------------------------------------------------------------------

function finishText(raw: string, format: SourceFormat, name: string, maxChars: number): string {
  const text = normalizeText(raw);
  if (isBlank(text)) {
    throw new ImportError(
      "empty",
      format === "text" ? `${label(name)} is empty` : `${label(name)} contains no text`,
    );
  }
  if (text.length > maxChars) {
    throw new ImportError(
      "too-much-text",
      `${label(name)} has ${text.length.toLocaleString("en-US")} characters of text; the limit is ${maxChars.toLocaleString("en-US")} per side: split it into smaller documents`,
    );
  }
  return text;
}

/**
 * Extract clean text from an uploaded file. Throws ImportError with a user-facing
 * message for anything it cannot turn into trustworthy text.
 */
export async function extractText(
  bytes: Uint8Array,
  fileName: string,
  mimeType?: string,
  opts: ExtractOptions = {},
): Promise<ExtractedText> {
  const maxBytes = opts.maxBytes ?? MAX_UPLOAD_BYTES;
  const maxChars = opts.maxChars ?? MAX_TEXT_CHARS;
  const ext = extensionOf(fileName);
  const mime = (mimeType ?? "").toLowerCase().split(";")[0].trim();

  if (bytes.length > maxBytes) {
    throw new ImportError(
      "too-large",
      `${label(fileName)} is ${formatBytes(bytes.length)}; the limit is ${formatBytes(maxBytes)} per file`,
    );
  }
  if (bytes.length === 0) throw new ImportError("empty", `${label(fileName)} is empty`);

  if (isZip(bytes)) {
    const { text, warnings } = await extractDocx(bytes, fileName, opts.maxUnpackedBytes ?? MAX_DOCX_UNCOMPRESSED_BYTES);
    if (ext !== "docx") warnings.unshift(`${label(fileName)} is a Word document despite its name; read it as .docx`);
    return { text: finishText(text, "docx", fileName, maxChars), format: "docx", encoding: null, warnings };
  }
  if (ext === "docx") {
    const what = sniffBinaryFormat(bytes);
    throw new ImportError(
      "invalid-docx",
      what?.includes(".doc")
        ? `${label(fileName)} is really an old Word (.doc) file: open it in Word and save it as .docx`
        : `${label(fileName)} is not a valid Word document: open it in Word and save it again as .docx`,
    );
  }
  const binary = sniffBinaryFormat(bytes);
  if (binary) {
    throw new ImportError("binary", `${label(fileName)} looks like ${binary}, not text: save it as .txt, .docx or .html`);
  }
  if (ext in UNSUPPORTED_EXT) {
    throw new ImportError(
      "unsupported-format",
      `${label(fileName)} looks like ${UNSUPPORTED_EXT[ext]}: ${SUPPORTED}; save it as .txt, .docx or .html`,
    );
  }

  const htmlByName = ext === "html" || ext === "htm" || ext === "xhtml" || mime === "text/html" || mime === "application/xhtml+xml";
  const hint = htmlByName || !ext ? charsetToEncoding(sniffHtmlCharset(bytes)) : undefined;
  const decoded = decodeUpload(bytes, { fileName, maxBytes, encodingHint: hint });
  const warnings: string[] = [];
  if (decoded.encoding !== "utf-8" && !(decoded.hadBom && decoded.encoding.startsWith("utf-16"))) {
    warnings.push(
      `${label(fileName)} was read as ${ENCODING_NAMES[decoded.encoding]}${decoded.hadBom ? "" : " (detected, not declared)"}: check that the text looks right`,
    );
  }
  if (decoded.removedControlChars > 0) {
    warnings.push(`${decoded.removedControlChars} stray control character(s) were removed from ${label(fileName)}`);
  }

  let format: SourceFormat;
  if (htmlByName) format = "html";
  else if (ext === "md" || ext === "markdown" || mime === "text/markdown" || mime === "text/x-markdown") format = "markdown";
  else if (looksLikeHtml(decoded.text)) {
    format = "html";
    if (ext) warnings.push(`${label(fileName)} contains an HTML page; its tags were removed`);
  } else format = "text";

  const raw = format === "html" ? htmlToText(decoded.text) : format === "markdown" ? markdownToText(decoded.text) : decoded.text;
  return { text: finishText(raw, format, fileName, maxChars), format, encoding: decoded.encoding, warnings };
}

/**
 * Pasted text: same checks and normalisation as an upload (empty, too long, control
 * characters), with `label` naming the box in messages ("The English text").
 */
export function extractPasted(
  text: string,
  opts: { label?: string; format?: Exclude<SourceFormat, "docx">; maxChars?: number } = {},
): ExtractedText {
  const name = opts.label ?? "The pasted text";
  const maxChars = opts.maxChars ?? MAX_TEXT_CHARS;
  // Cheap early refusal before any regex work on a huge paste.
  if (text.length > maxChars * 4) {
    throw new ImportError(
      "too-much-text",
      `${name} has ${text.length.toLocaleString("en-US")} characters; the limit is ${maxChars.toLocaleString("en-US")} per side`,
    );
  }
  const warnings: string[] = [];
  const controls = text.match(/[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g)?.length ?? 0;
  let clean = text;
  if (controls > 0) {
    clean = text.replace(/[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g, "");
    warnings.push(`${controls} stray control character(s) were removed from ${name.toLowerCase().startsWith("the ") ? name.charAt(0).toLowerCase() + name.slice(1) : name}`);
  }
  const format = opts.format ?? (looksLikeHtml(clean) ? "html" : "text");
  const raw = format === "html" ? htmlToText(clean) : format === "markdown" ? markdownToText(clean) : clean;
  if (isBlank(raw)) throw new ImportError("empty", `${name} is empty`);
  return { text: finishText(raw, format, name, maxChars), format, encoding: null, warnings };
}

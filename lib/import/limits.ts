/**
 * Import limits and the typed error every refusal is reported with.
 *
 * All limits are per side (one English file, one Chinese file). They exist to keep
 * the server responsive and to refuse obviously wrong input early with a message
 * the user can act on; they are not tuned to the aligner's exact capacity.
 */

/** Largest file accepted for upload: 20 MB (binary MiB). Checked before decoding. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** Files in one import request: the two texts, or the three InterText XML files. */
export const MAX_UPLOAD_FILES = 3;

/**
 * Fields (parts) in one form. Parallax's forms have fewer than 20; counted while the body
 * streams in, so a body of 100,000 tiny fields is refused before it is parsed.
 */
export const MAX_FORM_FIELDS = 1000;

/** All files of one import request together. */
export const MAX_UPLOAD_TOTAL_BYTES = 50 * 1024 * 1024;

/**
 * Largest request body the app reads at all (multipart overhead and pasted text on top of
 * MAX_UPLOAD_TOTAL_BYTES). proxy.ts refuses larger declared bodies and next.config.mjs sets
 * experimental.proxyClientMaxBodySize just above it: Next.js silently truncates bodies beyond
 * that size, and a truncated body must still exceed this limit so it is reported as too large.
 */
export const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

/** Batch import: the uploaded zip (it must fit in one request). */
export const MAX_BATCH_ZIP_BYTES = 60 * 1024 * 1024;
/** Batch import: files in the zip (directories not counted). Each must be <= MAX_UPLOAD_BYTES. */
export const MAX_BATCH_FILES = 500;
/** Batch import: real (inflated, not declared) size of all files in the zip together. */
export const MAX_BATCH_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;

/**
 * Largest extracted text per side, in UTF-16 code units (JS string length).
 * A 20 MB .docx or HTML page can still hold far more prose than anyone reviews in
 * one project; 2M characters is ~1,500 pages of English or ~3,000 of Chinese.
 */
export const MAX_TEXT_CHARS = 2_000_000;

/**
 * Zip-bomb guard for .docx: total *declared* uncompressed size of all entries.
 * Real documents with images rarely exceed a few dozen MB unpacked.
 */
export const MAX_DOCX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;

/**
 * What the Word reader (mammoth) is given to parse, counted while the .docx is unpacked: its
 * XML parts (images do not count) and their tags. mammoth builds a tree of the whole document:
 * measured on this machine, 5 MB of document.xml made of one-letter runs (~900,000 tags) took
 * 9 s and 950 MB, 9 MB of ordinary paragraphs (~300,000 tags) 2.6 s and 310 MB. A real document
 * at the text limit (2M characters) has about 250,000 tags.
 */
export const MAX_DOCX_XML_BYTES = 64 * 1024 * 1024;
export const MAX_DOCX_XML_TAGS = 300_000;

/**
 * Share of control characters (C0 except tab/LF/CR/VT/FF, DEL, C1) in decoded text
 * above which the file is refused as binary. Below it they are removed (and
 * counted, so callers can warn).
 */
export const MAX_CONTROL_CHAR_SHARE = 0.005;

/**
 * checkPair warns when the shorter side is below this share of the longer one
 * (Han characters weighted ×3, see `weightedLength` in pair.ts).
 */
export const MIN_LENGTH_RATIO = 0.05;

export type ImportErrorCode =
  | "too-large"
  | "empty"
  | "binary"
  | "unsupported-format"
  | "unknown-encoding"
  | "invalid-docx"
  | "too-much-text"
  | "too-many-files"
  | "bad-request";

/** A refusal with a user-facing message (English, names the file when known). */
export class ImportError extends Error {
  readonly code: ImportErrorCode;
  constructor(code: ImportErrorCode, message: string) {
    super(message);
    this.name = "ImportError";
    this.code = code;
  }
}

/** A refusal of the whole batch (bad zip, too big, too many files), with a user-facing message. */
export class BatchError extends Error {
  override name = "BatchError";
}

export function isImportError(e: unknown): e is ImportError {
  return e instanceof ImportError;
}

/** The HTTP status a route answers an ImportError with. */
export function importErrorStatus(code: ImportErrorCode): 400 | 413 | 415 {
  switch (code) {
    case "too-large":
    case "too-much-text":
    case "too-many-files":
      return 413;
    case "binary":
    case "unsupported-format":
      return 415;
    default:
      return 400;
  }
}

/** "62 MB", "20.5 MB", "812 KB", "96 bytes" (binary units, as MAX_UPLOAD_BYTES). */
export function formatBytes(n: number): string {
  const MB = 1024 * 1024;
  if (n >= MB) {
    const v = n / MB;
    return `${v >= 100 || Number.isInteger(v) ? Math.round(v) : Math.round(v * 10) / 10} MB`;
  }
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} byte${n === 1 ? "" : "s"}`;
}

/** The file name for messages, or a neutral fallback. */
export function label(fileName?: string): string {
  return fileName && fileName.trim() ? fileName.trim() : "The file";
}

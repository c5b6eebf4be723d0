/**
 * Bytes -> text for uploaded plain-text files, or a refusal (ImportError).
 *
 * Order of evidence, strongest first:
 *   1. size limit, then known binary magic numbers (PDF, ZIP, images, executables …)
 *   2. a byte-order mark (UTF-8, UTF-16LE/BE, GB18030; UTF-32 is refused)
 *   3. UTF-16 without BOM, from the NUL bytes ASCII characters leave in one byte lane
 *   4. any other NUL byte -> binary
 *   5. strict UTF-8 (TextDecoder fatal): valid non-ASCII UTF-8 is almost never an accident
 *   6. legacy encodings, each accepted only if the result is plausible:
 *      GB18030 (superset of GBK/GB2312), then Big5, then BOM-less UTF-16 of pure CJK
 *      text, then Windows-1252 for Western text with a few accented letters/smart quotes.
 *      "Plausible" = the multi-byte sequences sit in the code page's common area AND
 *      most Han characters are frequent ones (COMMON_HAN) — mojibake fails both.
 * Finally, text with too many control characters is refused as binary; a few stray
 * ones are removed and counted. Empty text (only whitespace) is refused.
 *
 * The returned text is otherwise untouched (no line-ending or whitespace changes);
 * run normalizeText (lib/text/segment) for that.
 */
import { COMMON_HAN } from "./common-han";
import { formatBytes, ImportError, label, MAX_CONTROL_CHAR_SHARE, MAX_UPLOAD_BYTES } from "./limits";

export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "gb18030" | "big5" | "windows-1252";

export interface DecodeOptions {
  /** Defaults to MAX_UPLOAD_BYTES. */
  maxBytes?: number;
  /** Used in messages only. */
  fileName?: string;
  /**
   * A declared charset (e.g. from an HTML <meta charset>). Tried before the other
   * legacy encodings, but never overrides a BOM or valid UTF-8, and is still
   * checked for plausibility.
   */
  encodingHint?: TextEncoding;
}

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  hadBom: boolean;
  /** Stray control characters (below MAX_CONTROL_CHAR_SHARE) that were removed. */
  removedControlChars: number;
}

// ---------------------------------------------------------------------------
// Binary sniffing

interface Magic {
  bytes: (number | null)[]; // null = any byte
  offset?: number;
  what: string;
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

const MAGICS: Magic[] = [
  { bytes: ascii("%PDF"), what: "a PDF file" },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "a ZIP archive" },
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: "a ZIP archive" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: "an old Word (.doc) or Office 97 file" },
  { bytes: ascii("{\\rtf"), what: "an RTF document" },
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: "a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], what: "a JPEG image" },
  { bytes: ascii("GIF87a"), what: "a GIF image" },
  { bytes: ascii("GIF89a"), what: "a GIF image" },
  { bytes: [...ascii("RIFF"), null, null, null, null, ...ascii("WEBP")], what: "a WebP image" },
  { bytes: [0x49, 0x49, 0x2a, 0x00], what: "a TIFF image" },
  { bytes: [0x4d, 0x4d, 0x00, 0x2a], what: "a TIFF image" },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: "an executable (ELF)" },
  { bytes: [0xcf, 0xfa, 0xed, 0xfe], what: "an executable (Mach-O)" },
  { bytes: [0xfe, 0xed, 0xfa, 0xcf], what: "an executable (Mach-O)" },
  { bytes: [0xca, 0xfe, 0xba, 0xbe], what: "an executable or Java class file" },
  { bytes: [0x00, 0x61, 0x73, 0x6d], what: "a WebAssembly module" },
  { bytes: [0x1f, 0x8b], what: "a gzip archive" },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: "a 7-Zip archive" },
  { bytes: ascii("Rar!\x1a\x07"), what: "a RAR archive" },
  { bytes: [0x42, 0x5a, 0x68], what: "a bzip2 archive" },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: "an xz archive" },
  { bytes: ascii("SQLite format 3\0"), what: "an SQLite database" },
  { bytes: ascii("ID3"), what: "an MP3 audio file" },
  { bytes: ascii("OggS"), what: "an Ogg media file" },
  { bytes: ascii("ftyp"), offset: 4, what: "a video or audio file (MP4/MOV/HEIC)" },
  { bytes: [0x1a, 0x45, 0xdf, 0xa3], what: "a video file (MKV/WebM)" },
  { bytes: ascii("wOFF"), what: "a font file" },
  { bytes: ascii("wOF2"), what: "a font file" },
];

/** What a file is, if its first bytes match a known non-text format. */
export function sniffBinaryFormat(bytes: Uint8Array): string | null {
  for (const m of MAGICS) {
    const off = m.offset ?? 0;
    if (bytes.length < off + m.bytes.length) continue;
    if (m.bytes.every((b, i) => b === null || bytes[off + i] === b)) return m.what;
  }
  // Windows executables: "MZ" + a PE header pointer; "MZ" alone could start a text.
  if (bytes.length >= 64 && bytes[0] === 0x4d && bytes[1] === 0x5a && bytes.subarray(0, 64).includes(0)) {
    return "a Windows executable";
  }
  return null;
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05);
}

function refuseBinary(fileName: string | undefined, what: string): never {
  throw new ImportError(
    "binary",
    `${label(fileName)} looks like ${what}, not text: save it as .txt, .docx or .html`,
  );
}

// ---------------------------------------------------------------------------
// Helpers

function tryDecode(enc: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(enc, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

const HAN_RE = /\p{Script=Han}/u;
// Unassigned, private use, lone surrogates, replacement char.
const GARBAGE_RE = /[\p{Cn}\p{Co}\p{Cs}\uFFFD]/u;
const SAMPLE_CHARS = 50_000;

interface CharStats {
  nonAscii: number;
  han: number;
  commonHan: number;
  garbage: number;
  latin: number;
  letters: number;
}

function charStats(text: string): CharStats {
  const s: CharStats = { nonAscii: 0, han: 0, commonHan: 0, garbage: 0, latin: 0, letters: 0 };
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  for (const ch of sample) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      if ((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) {
        s.latin++;
        s.letters++;
      }
      continue;
    }
    s.nonAscii++;
    if (HAN_RE.test(ch)) {
      s.han++;
      s.letters++;
      if (COMMON_HAN.has(ch)) s.commonHan++;
    } else if (GARBAGE_RE.test(ch)) {
      s.garbage++;
    } else if (/\p{L}/u.test(ch)) {
      s.letters++;
      if (/\p{Script=Latin}/u.test(ch)) s.latin++;
    }
  }
  return s;
}

/** Below this many Han characters the frequency test is not meaningful. */
const MIN_HAN_FOR_FREQUENCY = 12;
/** Correct Chinese: ~75–95% of Han characters are common; mojibake: <25%. */
const MIN_COMMON_HAN_SHARE = 0.45;
/** Share of multi-byte sequences that must sit in the code page's everyday area. */
const MIN_CORE_SHARE = 0.85;

function hanLooksReal(s: CharStats): boolean {
  if (s.nonAscii > 0 && s.garbage / s.nonAscii > 0.01) return false;
  if (s.han < MIN_HAN_FOR_FREQUENCY) return true;
  return s.commonHan / s.han >= MIN_COMMON_HAN_SHARE;
}

/**
 * GB18030 byte structure: share of 2-byte sequences in the GB2312 area (symbols in
 * rows A1–A9, hanzi in B0–F7, trail A1–FE). Big5 or Latin-1 bytes read as GB18030
 * mostly produce GBK-extension sequences (trail < 0xA1) instead.
 */
function gbCoreShare(bytes: Uint8Array): { multi: number; core: number } {
  let multi = 0;
  let core = 0;
  const n = Math.min(bytes.length, 1 << 20);
  for (let i = 0; i < n; ) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const t = bytes[i + 1] ?? 0;
    multi++;
    if (t >= 0x30 && t <= 0x39) {
      i += 4; // 4-byte sequence: rare characters; not core
      continue;
    }
    if (t >= 0xa1 && t <= 0xfe && ((b >= 0xa1 && b <= 0xa9) || (b >= 0xb0 && b <= 0xf7))) core++;
    i += 2;
  }
  return { multi, core };
}

/** Big5: symbols (A1–A3) and level-1 "frequently used" hanzi (A440–C67E). */
function big5CoreShare(bytes: Uint8Array): { multi: number; core: number } {
  let multi = 0;
  let core = 0;
  const n = Math.min(bytes.length, 1 << 20);
  for (let i = 0; i < n; ) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const t = bytes[i + 1] ?? 0;
    multi++;
    if ((b >= 0xa1 && b <= 0xa3) || (b >= 0xa4 && b < 0xc6) || (b === 0xc6 && t <= 0x7e)) core++;
    i += 2;
  }
  return { multi, core };
}

function tryGb18030(bytes: Uint8Array): string | null {
  const text = tryDecode("gb18030", bytes);
  if (text === null) return null;
  const { multi, core } = gbCoreShare(bytes);
  if (multi > 0 && core / multi < MIN_CORE_SHARE) return null;
  return hanLooksReal(charStats(text)) ? text : null;
}

function tryBig5(bytes: Uint8Array): string | null {
  const text = tryDecode("big5", bytes);
  if (text === null) return null;
  const { multi, core } = big5CoreShare(bytes);
  if (multi > 0 && core / multi < MIN_CORE_SHARE) return null;
  return hanLooksReal(charStats(text)) ? text : null;
}

/** UTF-16 guessed from NUL lanes: valid, few controls, no garbage, real Han if any. */
function tryUtf16WithNuls(bytes: Uint8Array, enc: "utf-16le" | "utf-16be"): string | null {
  if (bytes.length % 2 !== 0) return null;
  const text = tryDecode(enc, bytes);
  if (text === null) return null;
  const controls = text.match(CONTROL_RE)?.length ?? 0;
  if (controls > Math.max(2, text.length * MAX_CONTROL_CHAR_SHARE)) return null;
  return hanLooksReal(charStats(text)) ? text : null;
}

/** UTF-16 of text without any ASCII (so no NUL bytes): accept only clear Chinese. */
function tryUtf16NoNul(bytes: Uint8Array, enc: "utf-16le" | "utf-16be"): string | null {
  if (bytes.length % 2 !== 0) return null;
  const text = tryDecode(enc, bytes);
  if (text === null) return null;
  const s = charStats(text);
  if (s.han < MIN_HAN_FOR_FREQUENCY || s.han / Math.max(1, s.nonAscii) < 0.6) return null;
  return hanLooksReal(s) ? text : null;
}

// 0x80–0x9F of Windows-1252 (WHATWG); undefined slots map to the C1 control, which
// the control-character check then counts. Node's TextDecoder("windows-1252") is not
// used: some Node builds decode it as ISO-8859-1 (0x92 -> U+0092 instead of ’).
const CP1252_HIGH =
  "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F" +
  "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (const b of bytes) parts.push(b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b));
  return parts.join("");
}

/**
 * Windows-1252 (what Notepad/Word call "ANSI" on Western Windows): Western text with
 * occasional high bytes (é, ’, “). Legacy CJK encodings have runs of high bytes and
 * a far higher share of them.
 */
function tryWindows1252(bytes: Uint8Array): string | null {
  let high = 0;
  let runs = 0;
  let longRuns = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] < 0x80) continue;
    high++;
    if (i === 0 || bytes[i - 1] < 0x80) {
      runs++;
      let j = i;
      while (j < bytes.length && bytes[j] >= 0x80) j++;
      if (j - i >= 3) longRuns++;
    }
  }
  if (high / bytes.length > 0.2 || longRuns > runs * 0.1) return null;
  const text = decodeWindows1252(bytes);
  const s = charStats(text);
  if (s.letters === 0 || s.latin / s.letters < 0.9) return null;
  return text;
}

/** UTF-16 without BOM: ASCII characters leave NULs in one byte lane only. */
function guessUtf16FromNuls(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(bytes.length, 1 << 16) & ~1;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  const pairs = n / 2;
  const threshold = Math.max(2, pairs * 0.02);
  if (odd >= threshold && even * 4 < odd) return "utf-16le";
  if (even >= threshold && odd * 4 < even) return "utf-16be";
  return null;
}

// Tab, LF, VT, FF, CR are text; everything else in C0, DEL and C1 is not.
const CONTROL_RE = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g;

// ---------------------------------------------------------------------------

/**
 * Decode an uploaded text file. Throws ImportError ("too-large", "binary", "empty",
 * "unknown-encoding") instead of returning garbled text.
 */
export function decodeUpload(bytes: Uint8Array, opts: DecodeOptions = {}): DecodedText {
  const { fileName } = opts;
  const maxBytes = opts.maxBytes ?? MAX_UPLOAD_BYTES;
  if (bytes.length > maxBytes) {
    throw new ImportError(
      "too-large",
      `${label(fileName)} is ${formatBytes(bytes.length)}; the limit is ${formatBytes(maxBytes)} per file`,
    );
  }
  if (bytes.length === 0) throw new ImportError("empty", `${label(fileName)} is empty`);

  // BOMs first: a UTF-16 BOM would otherwise never match a magic number, but UTF-32
  // LE's BOM starts like UTF-16 LE's, so check it first.
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) {
    throw new ImportError(
      "unknown-encoding",
      `${label(fileName)} is in UTF-32, which Parallax does not read: save it as UTF-8 text`,
    );
  }
  const bom = detectBom(bytes);
  if (bom) {
    const body = bytes.subarray(bom.length);
    const text = tryDecode(bom.encoding, body);
    if (text === null) {
      throw new ImportError(
        "unknown-encoding",
        `${label(fileName)} starts with a ${bom.encoding.toUpperCase()} byte-order mark but is not valid ${bom.encoding.toUpperCase()}: it may be damaged; save it again as UTF-8 text`,
      );
    }
    return finish(text, bom.encoding, true, fileName);
  }

  const what = sniffBinaryFormat(bytes);
  if (what) refuseBinary(fileName, what);

  const utf16 = guessUtf16FromNuls(bytes);
  if (utf16) {
    const text = tryUtf16WithNuls(bytes, utf16);
    if (text !== null) return finish(text, utf16, false, fileName);
  }
  if (bytes.includes(0)) {
    // Pure-CJK UTF-16 has no ASCII, but characters like 一 (U+4E00) still put a
    // NUL in the "wrong" lane; accept only clearly Chinese text.
    for (const enc of ["utf-16le", "utf-16be"] as const) {
      const text = tryUtf16NoNul(bytes, enc);
      if (text !== null) return finish(text, enc, false, fileName);
    }
    refuseBinary(fileName, "a binary file");
  }

  const utf8 = tryDecode("utf-8", bytes);
  if (utf8 !== null) return finish(utf8, "utf-8", false, fileName);

  const attempts: [TextEncoding, (b: Uint8Array) => string | null][] = [
    ["gb18030", tryGb18030],
    ["big5", tryBig5],
    ["utf-16le", (b) => tryUtf16NoNul(b, "utf-16le")],
    ["utf-16be", (b) => tryUtf16NoNul(b, "utf-16be")],
    ["windows-1252", tryWindows1252],
  ];
  if (opts.encodingHint && opts.encodingHint !== "utf-8") {
    const i = attempts.findIndex(([e]) => e === opts.encodingHint);
    if (i > 0) attempts.unshift(...attempts.splice(i, 1));
  }
  for (const [enc, attempt] of attempts) {
    const text = attempt(bytes);
    if (text !== null) return finish(text, enc, false, fileName);
  }
  throw new ImportError(
    "unknown-encoding",
    `${label(fileName)} is not in a text encoding Parallax recognises (tried UTF-8, UTF-16, GB18030/GBK, Big5, Windows-1252), or it is not text: save it as UTF-8 text`,
  );
}

function detectBom(bytes: Uint8Array): { encoding: TextEncoding; length: number } | null {
  const [a, b, c, d] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: "utf-8", length: 3 };
  if (a === 0xff && b === 0xfe) return { encoding: "utf-16le", length: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: "utf-16be", length: 2 };
  if (a === 0x84 && b === 0x31 && c === 0x95 && d === 0x33) return { encoding: "gb18030", length: 4 };
  return null;
}

const BLANK_RE = /^[\s\uFEFF\u200B-\u200D\u2060\u00AD]*$/;

/** True if the text has nothing but whitespace and invisible characters. */
export function isBlank(text: string): boolean {
  return BLANK_RE.test(text);
}

function finish(raw: string, encoding: TextEncoding, hadBom: boolean, fileName?: string): DecodedText {
  // A DOS end-of-file marker (Ctrl-Z) at the very end is a relic, not content.
  let text = raw.replace(/\u001A+$/, "");
  const controls = text.match(CONTROL_RE)?.length ?? 0;
  if (controls > 0) {
    if (controls > Math.max(2, text.length * MAX_CONTROL_CHAR_SHARE)) refuseBinary(fileName, "a binary file");
    text = text.replace(CONTROL_RE, "");
  }
  // UTF-8 and BOM-declared text is trusted; a guessed encoding must not yield
  // unassigned / private-use / replacement characters (signs of a wrong guess).
  if (!hadBom && encoding !== "utf-8") {
    const s = charStats(text);
    if (s.nonAscii > 0 && s.garbage > Math.max(2, s.nonAscii * 0.01)) refuseBinary(fileName, "a binary file");
  }
  if (isBlank(text)) throw new ImportError("empty", `${label(fileName)} is empty`);
  return { text, encoding, hadBom, removedControlChars: controls };
}

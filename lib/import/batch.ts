/**
 * Batch import: many document pairs at once, from a zip or a folder of files named
 * `<name>.en.<ext>` and `<name>.zh.<ext>`. Pure (no database): unpack a zip safely, pair the
 * files by name, read and check every pair, and report on every file.
 *
 * Pairing never guesses. A pair is made only when exactly one English and exactly one
 * Chinese file carry the same name (exact, case-sensitive); everything else is reported:
 * - unpaired: no counterpart (a counterpart that differs only in case is named in the reason);
 * - duplicate: the same name, language and extension twice (in two folders of the zip);
 * - ambiguous: the same name and language with two extensions (`a.en.txt` and `a.en.md`);
 * - unsupported: the naming is right but the format is not one Parallax reads;
 * - unreadable: empty, binary, undecodable, too large (lib/import's checks, same messages);
 * - rejected: a file whose counterpart is duplicate/ambiguous/unreadable, or a pair that fails
 *   the pair checks (swapped languages, both sides in one language, identical texts);
 * - ignored: no `.en.`/`.zh.` before the extension, hidden files, `__MACOSX` and the like.
 * Directory paths inside a zip are only shown in the report: files pair by their base name,
 * and nothing is ever written to disk.
 */
import { Unzip, UnzipInflate } from "fflate";
import { extractText } from "./extract";
import { BatchError, formatBytes, ImportError, MAX_BATCH_FILES, MAX_BATCH_UNCOMPRESSED_BYTES, MAX_BATCH_ZIP_BYTES, MAX_UPLOAD_BYTES } from "./limits";
import { checkPair } from "./pair";

// Defined with the other refusals in ./limits, where the route handlers' error mapping finds
// it without loading the extractors.
export { BatchError };

// Batch limits live with the other upload limits (lib/import/limits.ts): the zip itself, its
// number of files, and the total size it unpacks to (counted on the real inflated bytes, so
// an archive that lies about its sizes is still stopped). Each file inside is held to
// MAX_UPLOAD_BYTES like a single upload.

/** Extensions the batch pairs (what extractText reads). */
export const BATCH_EXTENSIONS = ["txt", "text", "md", "markdown", "html", "htm", "xhtml", "docx"] as const;

export type BatchLang = "en" | "zh";
export type BatchFileStatus =
  | "paired"
  | "unpaired"
  | "duplicate"
  | "ambiguous"
  | "unsupported"
  | "unreadable"
  | "rejected"
  | "ignored"
  | "exists";

export interface BatchFile {
  /** Path as given (zip entry or path under the folder). */
  path: string;
  bytes: Uint8Array;
}

export interface BatchFileReport {
  path: string;
  status: BatchFileStatus;
  /** the document pair name, when the file is named like one */
  name?: string;
  lang?: BatchLang;
  reason?: string;
}

export interface PlannedPair {
  name: string;
  en: string;
  zh: string;
}

export interface ReadPair {
  name: string;
  en: { path: string; text: string };
  zh: { path: string; text: string };
  warnings: string[];
}

export interface BatchReport {
  pairs: ReadPair[];
  files: BatchFileReport[];
}

const LANG_NAME: Record<BatchLang, string> = { en: "English", zh: "Chinese" };

export type ParsedName =
  | { kind: "ignored"; reason: string }
  | { kind: "document"; name: string; lang: BatchLang; ext: string; base: string };

/** The base name of a path with either separator. */
export function baseName(p: string): string {
  const parts = p.split(/[\\/]+/).filter(Boolean);
  return parts[parts.length - 1] ?? "";
}

/** How a file name reads as part of a batch. */
export function parseBatchName(p: string): ParsedName {
  const segments = p.split(/[\\/]+/).filter(Boolean);
  const base = segments[segments.length - 1] ?? "";
  if (!base) return { kind: "ignored", reason: "a folder" };
  if (segments.some((s) => s === "__MACOSX")) return { kind: "ignored", reason: "macOS archive metadata (__MACOSX)" };
  if (segments.some((s) => s.startsWith("."))) return { kind: "ignored", reason: "a hidden file" };
  const m = /^(.+)\.(en|zh)\.([A-Za-z0-9]+)$/i.exec(base);
  if (!m || !m[1].trim()) {
    return { kind: "ignored", reason: "not named <name>.en.<ext> or <name>.zh.<ext>" };
  }
  return { kind: "document", name: m[1], lang: m[2].toLowerCase() as BatchLang, ext: m[3].toLowerCase(), base };
}

const naturalOrder = new Intl.Collator("en", { numeric: true, sensitivity: "variant" }).compare;

/**
 * Pairs file names. Pure and synchronous: looks at names only (reading comes after).
 * Every path gets exactly one report entry; paired files get status "paired".
 */
export function pairBatchFiles(paths: string[]): { pairs: PlannedPair[]; files: BatchFileReport[] } {
  const files: BatchFileReport[] = [];
  const byName = new Map<string, { en: { path: string; ext: string }[]; zh: { path: string; ext: string }[] }>();
  for (const path of paths) {
    const parsed = parseBatchName(path);
    if (parsed.kind === "ignored") {
      files.push({ path, status: "ignored", reason: parsed.reason });
      continue;
    }
    if (!(BATCH_EXTENSIONS as readonly string[]).includes(parsed.ext)) {
      files.push({
        path,
        status: "unsupported",
        name: parsed.name,
        lang: parsed.lang,
        reason: `.${parsed.ext} files are not read: use .txt, .md, .html or .docx`,
      });
      continue;
    }
    let group = byName.get(parsed.name);
    if (!group) byName.set(parsed.name, (group = { en: [], zh: [] }));
    group[parsed.lang].push({ path, ext: parsed.ext });
  }

  // Names that differ only in case are never paired, but named, so the user can rename.
  const lowerNames = new Map<string, string[]>();
  for (const name of byName.keys()) {
    const k = name.toLowerCase();
    lowerNames.set(k, [...(lowerNames.get(k) ?? []), name]);
  }

  const pairs: PlannedPair[] = [];
  for (const [name, group] of [...byName].sort((a, b) => naturalOrder(a[0], b[0]))) {
    const problem: Partial<Record<BatchLang, string>> = {};
    for (const lang of ["en", "zh"] as const) {
      const list = group[lang];
      if (list.length < 2) continue;
      const sameExt = list.every((f) => f.ext === list[0].ext);
      const status: BatchFileStatus = sameExt ? "duplicate" : "ambiguous";
      const others = list.map((f) => f.path).join(", ");
      for (const f of list) {
        files.push({
          path: f.path,
          status,
          name,
          lang,
          reason: sameExt
            ? `${list.length} ${LANG_NAME[lang]} files are named ${name}.${lang}.${f.ext} (${others}): keep one`
            : `${list.length} ${LANG_NAME[lang]} files for "${name}" (${others}): keep one`,
        });
      }
      problem[lang] = `its ${LANG_NAME[lang]} counterpart is ${status} (${others})`;
    }
    const [en, zh] = [group.en, group.zh];
    if (problem.en || problem.zh) {
      for (const lang of ["en", "zh"] as const) {
        const other = lang === "en" ? "zh" : "en";
        if (!problem[lang] && group[lang].length === 1 && problem[other]) {
          files.push({ path: group[lang][0].path, status: "rejected", name, lang, reason: problem[other] });
        }
      }
      continue;
    }
    if (en.length === 1 && zh.length === 1) {
      pairs.push({ name, en: en[0].path, zh: zh[0].path });
      files.push({ path: en[0].path, status: "paired", name, lang: "en" });
      files.push({ path: zh[0].path, status: "paired", name, lang: "zh" });
      continue;
    }
    const [has, missing] = en.length === 1 ? (["en", "zh"] as const) : (["zh", "en"] as const);
    const near = (lowerNames.get(name.toLowerCase()) ?? []).filter((n) => n !== name && byName.get(n)![missing].length > 0);
    files.push({
      path: group[has][0].path,
      status: "unpaired",
      name,
      lang: has,
      reason:
        `no ${LANG_NAME[missing]} file named ${name}.${missing}.<ext>` +
        (near.length ? ` (there is ${near.map((n) => `${n}.${missing}.*`).join(", ")}: names must match exactly, case included)` : ""),
    });
  }
  return { pairs, files };
}

/**
 * Reads every planned pair with lib/import's extraction (encodings, formats, binary and
 * emptiness checks) and the pair checks; a pair with an unreadable side, or one that fails
 * the checks, is reported and left out.
 */
export async function readBatch(input: BatchFile[], opts: { maxFileBytes?: number; tooLarge?: ReadonlySet<string> } = {}): Promise<BatchReport> {
  const maxFile = opts.maxFileBytes ?? MAX_UPLOAD_BYTES;
  const bytesOf = new Map(input.map((f) => [f.path, f.bytes]));
  const { pairs: planned, files } = pairBatchFiles(input.map((f) => f.path));
  const entry = new Map(files.map((f) => [f.path, f]));
  const pairs: ReadPair[] = [];
  for (const p of planned) {
    const read = async (path: string) => {
      // Not read at all (a zip entry that inflated past the limit, a file too big to load).
      if (opts.tooLarge?.has(path)) return { ok: false as const, message: `${baseName(path)} is over the limit of ${formatBytes(maxFile)} per file` };
      try {
        const r = await extractText(bytesOf.get(path)!, baseName(path), undefined, { maxBytes: maxFile });
        return { ok: true as const, text: r.text, warnings: r.warnings };
      } catch (err) {
        if (err instanceof ImportError) return { ok: false as const, message: err.message };
        throw err;
      }
    };
    const en = await read(p.en);
    const zh = await read(p.zh);
    const mark = (path: string, status: BatchFileStatus, reason: string) => Object.assign(entry.get(path)!, { status, reason });
    if (!en.ok || !zh.ok) {
      if (!en.ok) mark(p.en, "unreadable", en.message);
      else mark(p.en, "rejected", `its Chinese counterpart ${baseName(p.zh)} could not be read`);
      if (!zh.ok) mark(p.zh, "unreadable", zh.message);
      else mark(p.zh, "rejected", `its English counterpart ${baseName(p.en)} could not be read`);
      continue;
    }
    const check = checkPair(en.text, zh.text);
    if (!check.ok) {
      // The pair checks speak of "boxes" (the import form); here they are files.
      const reason = check.errors
        .join(" ")
        .replace(/the English box/gi, `the English file (${baseName(p.en)})`)
        .replace(/the Chinese box/gi, `the Chinese file (${baseName(p.zh)})`)
        .replace(/Both boxes/g, "Both files")
        .replace(/swap them\?/, "swap their names?");
      mark(p.en, "rejected", reason);
      mark(p.zh, "rejected", reason);
      continue;
    }
    pairs.push({
      name: p.name,
      en: { path: p.en, text: en.text },
      zh: { path: p.zh, text: zh.text },
      warnings: [...en.warnings, ...zh.warnings, ...check.warnings.map((w) => w.replace(/box/g, "file"))],
    });
  }
  files.sort((a, b) => naturalOrder(a.path, b.path));
  return { pairs, files };
}

/**
 * Unpacks a zip in memory with limits on the entry count, each file's size and the total,
 * counted on the bytes actually inflated (an archive's declared sizes can lie). Entries that
 * will be ignored anyway (folders, __MACOSX, hidden files) are not inflated. A file over the
 * per-file limit is returned empty and listed in `tooLarge`, to be reported as unreadable.
 * (Entries are counted before they are filtered, so a zip of a million empty files is refused
 * without looking at each.)
 */
export function unpackBatchZip(
  zip: Uint8Array,
  zipName = "The zip file",
  lim: {
    maxEntries?: number;
    maxTotalBytes?: number;
    maxFileBytes?: number;
    maxZipBytes?: number;
    /** bytes the request's earlier zips unpacked to (named in the message; maxTotalBytes is what is left) */
    unpackedSoFar?: number;
  } = {},
): { files: BatchFile[]; tooLarge: string[]; inflated: number } {
  const maxEntries = lim.maxEntries ?? MAX_BATCH_FILES;
  const maxTotal = lim.maxTotalBytes ?? MAX_BATCH_UNCOMPRESSED_BYTES;
  const maxFile = lim.maxFileBytes ?? MAX_UPLOAD_BYTES;
  const maxZip = lim.maxZipBytes ?? MAX_BATCH_ZIP_BYTES;
  if (zip.length > maxZip) throw new BatchError(`${zipName} is ${formatBytes(zip.length)}; the limit is ${formatBytes(maxZip)}`);
  if (zip.length < 4 || zip[0] !== 0x50 || zip[1] !== 0x4b) throw new BatchError(`${zipName} is not a zip archive`);
  const files: BatchFile[] = [];
  const tooLarge: string[] = [];
  let entries = 0;
  let total = 0;
  const unzip = new Unzip((file) => {
    if (file.name.endsWith("/")) return;
    if (++entries > maxEntries) {
      throw new BatchError(`${zipName} holds more than ${maxEntries.toLocaleString("en-US")} files: split it into smaller batches`);
    }
    const parsed = parseBatchName(file.name);
    if (parsed.kind === "ignored" || !(BATCH_EXTENSIONS as readonly string[]).includes(parsed.ext)) {
      // Reported by name only; never inflated.
      files.push({ path: file.name, bytes: new Uint8Array() });
      file.ondata = () => {};
      return;
    }
    if (file.compression !== 0 && file.compression !== 8) {
      throw new BatchError(`${zipName}: ${file.name} uses an unsupported compression method (${file.compression}): make the zip again with the standard "deflate"`);
    }
    const parts: Uint8Array[] = [];
    let size = 0;
    let over = false;
    file.ondata = (err, data, final) => {
      // fflate hands an error thrown in this callback back to it: keep our own refusal's words
      if (err) throw err instanceof BatchError ? err : new BatchError(`${zipName} is damaged (${file.name}: ${err.message})`);
      if (over) return;
      size += data.length;
      total += data.length;
      if (total > maxTotal) {
        const limit = lim.unpackedSoFar ? `${formatBytes(maxTotal + lim.unpackedSoFar)} for all the zips of one import` : formatBytes(maxTotal);
        throw new BatchError(`${zipName} unpacks to more than ${limit}: split it into smaller batches`);
      }
      if (size > maxFile) {
        over = true; // what was inflated still counts toward the budget: it cost the work
        tooLarge.push(file.name);
        files.push({ path: file.name, bytes: new Uint8Array() });
        file.terminate();
        return;
      }
      parts.push(data);
      if (final) {
        const all = new Uint8Array(size);
        let o = 0;
        for (const p of parts) {
          all.set(p, o);
          o += p.length;
        }
        files.push({ path: file.name, bytes: all });
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  const STEP = 64 * 1024;
  try {
    for (let i = 0; i < zip.length; i += STEP) unzip.push(zip.subarray(i, Math.min(zip.length, i + STEP)), i + STEP >= zip.length);
  } catch (e) {
    if (e instanceof BatchError) throw e;
    throw new BatchError(`${zipName} is damaged or not a zip archive (${e instanceof Error ? e.message : String(e)})`);
  }
  if (entries === 0) throw new BatchError(`${zipName} holds no files`);
  return { files, tooLarge, inflated: total };
}

/** A batch from one zip archive (whatever its name). */
export async function readBatchZip(zip: Uint8Array, zipName: string, opts: { maxFileBytes?: number } = {}): Promise<BatchReport> {
  const { files, tooLarge } = unpackBatchZip(zip, zipName, { maxFileBytes: opts.maxFileBytes });
  return readBatch(files, { ...opts, tooLarge: new Set(tooLarge) });
}

/**
 * The whole batch from uploaded files: zips are unpacked, other files taken as they are.
 * Files over the per-file limit are reported as unreadable with extractText's message.
 */
export async function readBatchUploads(uploads: BatchFile[], opts: { maxFileBytes?: number; maxUnpackedBytes?: number } = {}): Promise<BatchReport> {
  const budget = opts.maxUnpackedBytes ?? MAX_BATCH_UNCOMPRESSED_BYTES;
  const all: BatchFile[] = [];
  const tooLarge = new Set<string>();
  // one unpacked budget for the whole request, not one per zip (10 zips grew a process by 1.8 GB)
  let unpacked = 0;
  for (const u of uploads) {
    if (/\.zip$/i.test(u.path)) {
      const { files, tooLarge: big, inflated } = unpackBatchZip(u.bytes, baseName(u.path) || "The zip file", {
        maxFileBytes: opts.maxFileBytes,
        maxTotalBytes: budget - unpacked,
        unpackedSoFar: unpacked,
      });
      unpacked += inflated;
      // Inside a zip, paths keep the archive's name in front only when several zips were sent.
      const prefix = uploads.length > 1 ? `${baseName(u.path)}/` : "";
      for (const f of files) all.push({ path: prefix + f.path, bytes: f.bytes });
      for (const b of big) tooLarge.add(prefix + b);
    } else {
      all.push(u);
    }
  }
  if (all.length > MAX_BATCH_FILES) throw new BatchError(`More than ${MAX_BATCH_FILES.toLocaleString("en-US")} files: split them into smaller batches`);
  return readBatch(all, { ...opts, tooLarge });
}

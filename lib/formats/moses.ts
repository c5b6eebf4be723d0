/**
 * Moses: two line-aligned plain-text files (`corpus.en`, `corpus.zh`) in a zip.
 * Gaps are always dropped; a multi-sentence side is joined into one line
 * (English with a space, Chinese without); line breaks, tabs and other control
 * characters inside a sentence become spaces. Carries texts and pair
 * boundaries only (no sentence boundaries, status, score, flags, notes).
 */
import { FormatError } from "./errors";
import { decodeInput } from "./encoding";
import { filterPairs } from "./filter";
import {
  joinSide,
  type CorpusDocMeta,
  type CorpusPair,
  type ExportFilter,
  type ImportResult,
  type Lang,
  type PairSource,
  type ReadLimits,
  type TextInput,
} from "./model";
import { unzipFiles, ZipTextStreamer } from "./stream";

export interface MosesWriteOptions extends Omit<ExportFilter, "includeGaps"> {
  /** File stem inside the zip. Default "corpus" → corpus.en, corpus.zh. */
  baseName?: string;
}

/** One Moses line: no line breaks, no control characters, trimmed. */
export function mosesLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\t\r\n\u0085\u2028\u2029\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+/g, " ").trim();
}

/** Stream a zip with `<base>.en` and `<base>.zh` as byte chunks. */
export async function* writeMosesZip(
  pairs: PairSource,
  meta?: Partial<CorpusDocMeta>,
  opts: MosesWriteOptions = {},
): AsyncGenerator<Uint8Array> {
  const base = opts.baseName ?? "corpus";
  const zip = new ZipTextStreamer([`${base}.en`, `${base}.zh`], meta?.created);
  for await (const p of filterPairs(pairs, { ...opts, includeGaps: false })) {
    const en = mosesLine(joinSide("en", p.en));
    const zh = mosesLine(joinSide("zh", p.zh));
    if (!en || !zh) continue; // whitespace-only side: a gap after all
    zip.write(0, en + "\n");
    zip.write(1, zh + "\n");
    const chunks = zip.drain();
    for (const c of chunks) yield c;
  }
  zip.end();
  for (const c of zip.drain()) yield c;
}

/** Read two line-aligned files; line i of each makes pair i (one sentence per side). */
export function readMoses(
  files: { en: TextInput; zh: TextInput },
  limits: ReadLimits = {},
): ImportResult {
  const lines = (lang: Lang) => {
    const t = decodeInput(files[lang], { format: "moses", file: lang, maxBytes: limits.maxBytes });
    const ls = t.split(/\r?\n/);
    if (ls.length && ls[ls.length - 1] === "") ls.pop();
    return ls;
  };
  const en = lines("en");
  const zh = lines("zh");
  if (en.length !== zh.length) {
    throw new FormatError(
      "moses",
      `the files are not line-aligned: ${en.length} English lines, ${zh.length} Chinese lines`,
    );
  }
  const pairs: CorpusPair[] = [];
  for (let i = 0; i < en.length; i++) {
    const e = en[i].trim();
    const z = zh[i].trim();
    if (!e && !z) continue;
    pairs.push({ position: pairs.length, en: e ? [{ text: e }] : [], zh: z ? [{ text: z }] : [] });
  }
  return { meta: {}, pairs, warnings: [] };
}

/** Read a Moses zip: the one `*.en` and one `*.zh` file inside (same stem preferred). */
export function readMosesZip(zipBytes: Uint8Array, limits: ReadLimits = {}): ImportResult {
  return readMosesFiles(unzipFiles(zipBytes, { format: "moses", maxBytes: limits.maxBytes, keep: (n) => MOSES_ENTRY.test(n) }), limits);
}

/** The entries a Moses zip is read from. */
export const MOSES_ENTRY = /\.(en|eng|zh|cn|chi|zho|cmn)$/i;

/** A Moses corpus from a zip's unpacked entries. */
export function readMosesFiles(files: Map<string, Uint8Array>, limits: ReadLimits = {}): ImportResult {
  const names = [...files.keys()];
  const ens = names.filter((n) => /\.(en|eng)$/i.test(n));
  const zhs = names.filter((n) => /\.(zh|cn|chi|zho|cmn)$/i.test(n));
  let enName = ens[0];
  let zhName = zhs[0];
  if (ens.length > 1 || zhs.length > 1) {
    const stem = (n: string) => n.replace(/\.[^.]+$/, "");
    const match = ens.find((e) => zhs.some((z) => stem(z) === stem(e)));
    if (!match) throw new FormatError("moses", "zip holds several .en/.zh files and no matching pair");
    enName = match;
    zhName = zhs.find((z) => stem(z) === stem(match))!;
  }
  if (!enName || !zhName) {
    throw new FormatError("moses", `zip must hold a .en and a .zh file (found: ${names.join(", ") || "nothing"})`);
  }
  return readMoses({ en: files.get(enName)!, zh: files.get(zhName)! }, limits);
}

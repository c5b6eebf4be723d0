/**
 * TSV with a header row:
 *   en  zh  status  score  confidence  flags  notes  original_en  original_zh  document
 *
 * Cell escapes: `\\` `\t` `\n` `\r` `\0` and `\|`; the sentences of one side are
 * separated by " ||| " (so pair *and* sentence boundaries survive). `flags` is a
 * JSON array; `notes` are separated by " ||| "; `original_*` hold one entry per
 * sentence (empty when that sentence was not corrected), or are empty. `confidence` is the
 * aligner's probability (0-1) that the bead is right, empty when there is none; files written
 * before it existed lack the column and read as before.
 *
 * The reader also accepts a plain two-column file (`en<TAB>zh`, no escapes,
 * optional header naming the languages); the Chinese column is detected.
 */
import { FormatError } from "./errors";
import { decodeInput } from "./encoding";
import { filterPairs } from "./filter";
import {
  isConfidence,
  isPairStatus,
  type CorpusFlag,
  type CorpusPair,
  type CorpusSentence,
  type ExportFilter,
  type ImportResult,
  type PairSource,
  type ReadLimits,
  type TextInput,
} from "./model";
import { TextBatcher } from "./stream";

export const TSV_COLUMNS = [
  "en",
  "zh",
  "status",
  "score",
  "confidence",
  "flags",
  "notes",
  "original_en",
  "original_zh",
  "document",
] as const;

const SEP = " ||| ";

export function escapeTsvCell(s: string): string {
  return s.replace(/[\\\t\n\r\0|]/g, (c) => {
    switch (c) {
      case "\\":
        return "\\\\";
      case "\t":
        return "\\t";
      case "\n":
        return "\\n";
      case "\r":
        return "\\r";
      case "\0":
        return "\\0";
      default:
        return "\\|";
    }
  });
}

function joinList(items: readonly string[]): string {
  return items.map(escapeTsvCell).join(SEP);
}

/** Split a cell on unescaped " ||| " and unescape each piece. */
function splitList(cell: string): string[] {
  if (cell === "") return [];
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i];
    if (c === "\\" && i + 1 < cell.length) {
      const n = cell[++i];
      cur += n === "t" ? "\t" : n === "n" ? "\n" : n === "r" ? "\r" : n === "0" ? "\0" : n;
    } else if (c === " " && cell.startsWith(SEP, i)) {
      out.push(cur);
      cur = "";
      i += SEP.length - 1;
    } else cur += c;
  }
  out.push(cur);
  return out;
}

export interface TsvWriteOptions extends ExportFilter {
  /** Write the header row. Default true (the reader needs it to know the escaped dialect). */
  header?: boolean;
}

/** Stream TSV rows as string chunks. */
export async function* writeTsv(pairs: PairSource, opts: TsvWriteOptions = {}): AsyncGenerator<string> {
  const out = new TextBatcher();
  if (opts.header !== false) out.add(TSV_COLUMNS.join("\t") + "\n");
  for await (const p of filterPairs(pairs, { ...opts, includeGaps: opts.includeGaps ?? false })) {
    const orig = (ss: CorpusSentence[]) =>
      ss.some((s) => s.original !== undefined) ? joinList(ss.map((s) => s.original ?? "")) : "";
    const row = [
      joinList(p.en.map((s) => s.text)),
      joinList(p.zh.map((s) => s.text)),
      p.status ?? "",
      p.score === undefined || p.score === null ? "" : String(p.score),
      p.confidence === undefined || p.confidence === null || !Number.isFinite(p.confidence) ? "" : String(p.confidence),
      p.flags?.length ? escapeTsvCell(JSON.stringify(p.flags)) : "",
      joinList(p.notes ?? []),
      orig(p.en),
      orig(p.zh),
      escapeTsvCell(p.document ?? ""),
    ];
    out.add(row.join("\t") + "\n");
    if (out.full) yield out.take();
  }
  yield out.take();
}

// ---------------------------------------------------------------- reading

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/g;
function cjkShare(s: string): number {
  const letters = s.replace(/[\s\p{P}\p{N}]/gu, "").length;
  return letters ? (s.match(CJK)?.length ?? 0) / letters : 0;
}

const EN_NAMES = /^(en|eng|english|en[-_]\w+|source|src)$/i;
const ZH_NAMES = /^(zh|chi|zho|cmn|chinese|zh[-_]\w+|中文|target|tgt)$/i;

function unescapeCell(cell: string): string {
  return splitList(cell).join(SEP);
}

/** Read our TSV (with its header) or a plain two-column `en<TAB>zh` file. */
export function readTsv(input: TextInput, limits: ReadLimits & { file?: string } = {}): ImportResult {
  const text = decodeInput(input, { format: "tsv", file: limits.file, maxBytes: limits.maxBytes });
  const warnings: string[] = [];
  const lines = text.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  const pairs: CorpusPair[] = [];
  if (!lines.length) return { meta: {}, pairs, warnings };
  const fail = (line: number, msg: string): never => {
    throw new FormatError("tsv", msg, { file: limits.file, line, column: 1 });
  };

  const head = lines[0].split("\t").map((h) => h.trim());
  const ours = head.length >= 2 && head[0] === "en" && head[1] === "zh" && head.slice(2).every((h) => (TSV_COLUMNS as readonly string[]).includes(h));

  if (ours) {
    const col = new Map(head.map((h, i) => [h, i]));
    for (let ln = 1; ln < lines.length; ln++) {
      const line = lines[ln];
      if (line.trim() === "") continue;
      const cells = line.split("\t");
      if (cells.length !== head.length) {
        fail(ln + 1, `expected ${head.length} tab-separated columns, found ${cells.length}`);
      }
      const get = (name: string) => {
        const i = col.get(name);
        return i === undefined ? "" : cells[i];
      };
      const sides = (name: "en" | "zh"): CorpusSentence[] => {
        const texts = splitList(get(name));
        const origs = splitList(get(`original_${name}`));
        if (origs.length && origs.length !== texts.length) {
          warnings.push(`line ${ln + 1}: original_${name} does not match the sentences; ignored`);
        }
        return texts.map((t, i) => {
          const s: CorpusSentence = { text: t };
          if (origs.length === texts.length && origs[i] !== "") s.original = origs[i];
          return s;
        });
      };
      const pair: CorpusPair = { position: pairs.length, en: sides("en"), zh: sides("zh") };
      const status = get("status").trim();
      if (status) {
        if (isPairStatus(status)) pair.status = status;
        else warnings.push(`line ${ln + 1}: unknown status "${status}"`);
      }
      const score = get("score").trim();
      if (score) {
        const n = Number(score);
        if (Number.isFinite(n)) pair.score = n;
        else fail(ln + 1, `invalid score "${score}"`);
      } else if (col.has("score")) pair.score = null;
      const confidence = get("confidence").trim();
      if (confidence) {
        const n = Number(confidence);
        if (!Number.isFinite(n)) fail(ln + 1, `invalid confidence "${confidence}"`);
        if (isConfidence(n)) pair.confidence = n;
        else warnings.push(`line ${ln + 1}: confidence ${confidence} is not between 0 and 1; ignored`);
      } else if (col.has("confidence")) pair.confidence = null;
      const flags = get("flags");
      if (flags) {
        let v: unknown;
        try {
          v = JSON.parse(unescapeCell(flags));
        } catch {
          fail(ln + 1, "flags column is not a JSON array");
        }
        if (!Array.isArray(v)) fail(ln + 1, "flags column is not a JSON array");
        pair.flags = (v as unknown[]).filter(
          (f): f is CorpusFlag =>
            !!f && typeof f === "object" && typeof (f as CorpusFlag).category === "string" && typeof (f as CorpusFlag).severity === "string",
        ).map((f) => ({ ...f, note: typeof f.note === "string" ? f.note : "" }));
      }
      const document = unescapeCell(get("document"));
      if (document) pair.document = document;
      const notes = splitList(get("notes"));
      if (notes.length) pair.notes = notes;
      pairs.push(pair);
    }
    return { meta: {}, pairs, warnings };
  }

  // Plain two-column file: optional header naming languages, else data from line 1.
  let enCol = 0;
  let zhCol = 1;
  let start = 0;
  if (head.length >= 2 && head.some((h) => EN_NAMES.test(h) || ZH_NAMES.test(h))) {
    const e = head.findIndex((h) => EN_NAMES.test(h));
    const z = head.findIndex((h) => ZH_NAMES.test(h));
    if (e !== -1 && z !== -1 && e !== z) {
      enCol = e;
      zhCol = z;
    } else if (z !== -1) {
      zhCol = z;
      enCol = z === 0 ? 1 : 0;
    } else if (e !== -1) {
      enCol = e;
      zhCol = e === 0 ? 1 : 0;
    }
    start = 1;
  } else {
    // No header: decide which column is Chinese from the first rows.
    let share0 = 0;
    let share1 = 0;
    for (const l of lines.slice(0, 200)) {
      const c = l.split("\t");
      share0 += cjkShare(c[0] ?? "");
      share1 += cjkShare(c[1] ?? "");
    }
    if (share0 > share1) {
      enCol = 1;
      zhCol = 0;
    }
  }
  for (let ln = start; ln < lines.length; ln++) {
    const line = lines[ln];
    if (line.trim() === "") continue;
    const cells = line.split("\t");
    if (cells.length < 2) fail(ln + 1, "expected at least two tab-separated columns (en, zh)");
    const en = cells[enCol].trim();
    const zh = cells[zhCol].trim();
    pairs.push({
      position: pairs.length,
      en: en ? [{ text: en }] : [],
      zh: zh ? [{ text: zh }] : [],
    });
  }
  return { meta: {}, pairs, warnings };
}

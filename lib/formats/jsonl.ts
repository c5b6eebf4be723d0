/**
 * JSON Lines: one object per pair, carrying everything in the model:
 * {"position":0,"en":[{"text":"…","original":"…"}],"zh":[…],"status":"confirmed",
 *  "score":87.5,"confidence":0.93,"parts":{…},"flags":[{…}],"notes":["…"],"document":"…"}
 * Absent optional fields are omitted; `score` is null for an unscored pair, `confidence` (the
 * aligner's probability, 0-1, that the bead is right) null for a pair without one.
 */
import { z } from "zod";
import { FormatError } from "./errors";
import { decodeInput } from "./encoding";
import { filterPairs } from "./filter";
import {
  PAIR_STATUSES,
  type CorpusPair,
  type ExportFilter,
  type ImportResult,
  type PairSource,
  type ReadLimits,
  type TextInput,
} from "./model";
import { TextBatcher } from "./stream";

export type JsonlWriteOptions = ExportFilter;

/** The JSON object written for one pair (stable key order). */
export function pairToJson(p: CorpusPair): Record<string, unknown> {
  const o: Record<string, unknown> = {
    position: p.position,
    en: p.en.map((s) => sentenceJson(s)),
    zh: p.zh.map((s) => sentenceJson(s)),
  };
  if (p.status !== undefined) o.status = p.status;
  if (p.score !== undefined) o.score = p.score === null || Number.isFinite(p.score) ? p.score : null;
  if (p.confidence !== undefined) o.confidence = p.confidence === null || Number.isFinite(p.confidence) ? p.confidence : null;
  if (p.parts !== undefined) o.parts = p.parts;
  if (p.flags?.length) o.flags = p.flags;
  if (p.notes?.length) o.notes = p.notes;
  if (p.document !== undefined) o.document = p.document;
  return o;
}

function sentenceJson(s: CorpusPair["en"][number]): Record<string, unknown> {
  const o: Record<string, unknown> = { text: s.text };
  if (s.original !== undefined) o.original = s.original;
  if (s.paragraph !== undefined) o.paragraph = s.paragraph;
  if (s.index !== undefined) o.index = s.index;
  return o;
}

/** Stream JSON Lines as string chunks. */
export async function* writeJsonl(pairs: PairSource, opts: JsonlWriteOptions = {}): AsyncGenerator<string> {
  const out = new TextBatcher();
  for await (const p of filterPairs(pairs, { ...opts, includeGaps: opts.includeGaps ?? false })) {
    out.add(JSON.stringify(pairToJson(p)) + "\n");
    if (out.full) yield out.take();
  }
  yield out.take();
}

const sentenceSchema = z.object({
  text: z.string(),
  original: z.string().optional(),
  paragraph: z.number().int().nonnegative().optional(),
  index: z.number().int().nonnegative().optional(),
});

const flagSchema = z.object({
  category: z.string(),
  severity: z.string(),
  note: z.string().default(""),
  source: z.string().optional(),
  resolved: z.boolean().optional(),
  span: z
    .object({
      side: z.enum(["en", "zh"]),
      sentence: z.number().int().nonnegative(),
      start: z.number().int().nonnegative(),
      end: z.number().int().nonnegative(),
      text: z.string(),
      detached: z.boolean().optional(),
    })
    .optional(),
});

// A sentence may also be given as a bare string, a side as one string.
const sideSchema = z.union([
  z.string().transform((s) => (s === "" ? [] : [{ text: s }])),
  z.array(z.union([z.string().transform((text) => ({ text })), sentenceSchema])),
]);

const pairSchema = z.object({
  position: z.number().optional(),
  en: sideSchema,
  zh: sideSchema,
  status: z.enum(PAIR_STATUSES).optional(),
  score: z.number().nullable().optional(),
  confidence: z.number().min(0).max(1).nullable().optional(),
  parts: z.unknown().optional(),
  flags: z.array(flagSchema).optional(),
  notes: z.array(z.string()).optional(),
  document: z.string().optional(),
});

/** Read JSON Lines written by `writeJsonl` (sides may also be plain strings). */
export function readJsonl(input: TextInput, limits: ReadLimits & { file?: string } = {}): ImportResult {
  const text = decodeInput(input, { format: "jsonl", file: limits.file, maxBytes: limits.maxBytes });
  const pairs: CorpusPair[] = [];
  const lines = text.split("\n");
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln].replace(/\r$/, "");
    if (line.trim() === "") continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      throw new FormatError("jsonl", `not valid JSON (${e instanceof Error ? e.message : e})`, {
        file: limits.file,
        line: ln + 1,
      });
    }
    const r = pairSchema.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new FormatError("jsonl", `${issue.path.join(".") || "line"}: ${issue.message}`, {
        file: limits.file,
        line: ln + 1,
      });
    }
    const v = r.data;
    const pair: CorpusPair = { position: pairs.length, en: v.en, zh: v.zh };
    if (v.status !== undefined) pair.status = v.status;
    if (v.score !== undefined) pair.score = v.score;
    if (v.confidence !== undefined) pair.confidence = v.confidence;
    if (v.parts !== undefined) pair.parts = v.parts;
    if (v.flags?.length) pair.flags = v.flags;
    if (v.notes?.length) pair.notes = v.notes;
    if (v.document !== undefined) pair.document = v.document;
    pairs.push(pair);
  }
  return { meta: {}, pairs, warnings: [] };
}

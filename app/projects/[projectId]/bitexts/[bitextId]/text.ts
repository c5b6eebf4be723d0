// Pure helpers for the review rows: score parts, matched-word highlighting, correction diffs.
import { diffChars, diffWords } from "diff";
import type { ReviewRow, ReviewSentence } from "@/lib/db/review-view";
import type { ScoreParts } from "@/lib/scoring/types";

export type Band = "high" | "mid" | "low" | "gap";

export function band(score: number | null): Band {
  if (score === null) return "gap";
  if (score >= 70) return "high";
  if (score >= 40) return "mid";
  return "low";
}

export function scoreParts(row: ReviewRow): ScoreParts | null {
  const d = row.scoreDetails as Partial<ScoreParts> | null;
  if (!d || typeof d !== "object" || typeof d.coverageZhEn !== "number" || typeof d.coverageEnZh !== "number") return null;
  return d as ScoreParts;
}

export interface MatchRange {
  start: number;
  end: number;
  kind: string;
  /** index of the matched pair in scoreDetails.pairs: links the two sides */
  idx: number;
}

/**
 * Matched-word ranges per sentence id. scoreDetails.pairs index sentences within the bead as
 * the scorer saw them: the side's sentences that are not excluded and not empty, in order,
 * with offsets into their current text.
 */
export function matchRanges(row: ReviewRow): Map<number, MatchRange[]> {
  const out = new Map<number, MatchRange[]>();
  const parts = scoreParts(row);
  if (!parts || !Array.isArray(parts.pairs)) return out;
  const eligible = (side: ReviewSentence[]) => side.filter((s) => !s.excluded && s.text.trim() !== "");
  const en = eligible(row.en);
  const zh = eligible(row.zh);
  const add = (s: ReviewSentence | undefined, start: number, end: number, kind: string, idx: number) => {
    if (!s || !(end > start) || start < 0 || end > s.text.length) return;
    const list = out.get(s.id) ?? [];
    list.push({ start, end, kind, idx });
    out.set(s.id, list);
  };
  parts.pairs.forEach((p, idx) => {
    add(en[p.enSentence], p.enStart, p.enEnd, p.kind, idx);
    add(zh[p.zhSentence], p.zhStart, p.zhEnd, p.kind, idx);
  });
  for (const list of out.values()) list.sort((a, b) => a.start - b.start || b.end - a.end);
  return out;
}

export interface Segment {
  text: string;
  match?: MatchRange;
}

/** Cuts a text into plain and matched segments (overlapping ranges: the first wins). */
export function segments(text: string, ranges: MatchRange[] | undefined): Segment[] {
  if (!ranges?.length) return [{ text }];
  const out: Segment[] = [];
  let at = 0;
  for (const r of ranges) {
    if (r.start < at) continue;
    if (r.start > at) out.push({ text: text.slice(at, r.start) });
    out.push({ text: text.slice(r.start, r.end), match: r });
    at = r.end;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}

export interface DiffPart {
  value: string;
  added: boolean;
  removed: boolean;
}

/** Original vs corrected: word diff for English, character diff for Chinese. */
export function textDiff(original: string, corrected: string, lang: "en" | "zh"): DiffPart[] {
  const changes = lang === "en" ? diffWords(original, corrected) : diffChars(original, corrected);
  return changes.map((c) => ({ value: c.value, added: !!c.added, removed: !!c.removed }));
}

export const SEP = { en: " ", zh: "" } as const;

export function sideText(side: ReviewSentence[], lang: "en" | "zh", which: "text" | "original" = "text"): string {
  return side.map((s) => s[which]).join(SEP[lang]);
}

export function isGap(row: ReviewRow): boolean {
  return (row.en.length === 0 || row.zh.length === 0) && !isClutter(row);
}

export function isClutter(row: ReviewRow): boolean {
  return [...row.en, ...row.zh].every((s) => s.excluded);
}

export function hhmm(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

export function when(iso: string): string {
  const d = new Date(iso);
  const today = new Date();
  const sameDay = d.toDateString() === today.toDateString();
  return sameDay ? hhmm(iso) : `${d.toISOString().slice(0, 10)} ${hhmm(iso)}`;
}

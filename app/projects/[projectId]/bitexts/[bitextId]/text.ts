// Pure helpers for the review rows: score parts, matched-word highlighting, correction diffs.
import { diffChars, diffWords } from "diff";
import type { ReviewRow, ReviewSentence } from "@/lib/db/review/view";
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

// ---------------------------------------------------------------------------
// Automatic check findings

export const isCheckFinding = (f: { source: string }) => f.source === "check";

export interface EvidenceRange {
  start: number;
  end: number;
  /** the hovered finding's span */
  hot: boolean;
}

/**
 * Evidence spans of the pair's open automatic findings per sentence id. Evidence indexes a
 * side's sentences that are not excluded (as the checks saw them), with offsets into the
 * current text; corrected sentences show a diff, so they get none.
 */
export function evidenceRanges(row: ReviewRow, hotFinding: number | null): Map<number, EvidenceRange[]> {
  const out = new Map<number, EvidenceRange[]>();
  const live = { en: row.en.filter((s) => !s.excluded), zh: row.zh.filter((s) => !s.excluded) };
  for (const f of row.flags) {
    if (!isCheckFinding(f) || !f.evidence) continue;
    const hot = f.id === hotFinding;
    if (f.resolved && !hot) continue;
    for (const e of f.evidence) {
      const s = live[e.side]?.[e.sentence];
      if (!s || s.corrected || !(e.end > e.start) || e.start < 0 || e.end > s.text.length) continue;
      const list = out.get(s.id) ?? [];
      list.push({ start: e.start, end: e.end, hot });
      out.set(s.id, list);
    }
  }
  return out;
}

export interface LayeredSegment extends Segment {
  evidence?: "on" | "hot";
}

/** Splits match segments further where evidence spans begin and end. */
export function layered(segs: Segment[], evidence: EvidenceRange[] | undefined): LayeredSegment[] {
  if (!evidence?.length) return segs;
  const cuts = new Set<number>();
  for (const e of evidence) cuts.add(e.start).add(e.end);
  const out: LayeredSegment[] = [];
  let at = 0;
  for (const seg of segs) {
    const end = at + seg.text.length;
    const inner = [...cuts].filter((c) => c > at && c < end).sort((a, b) => a - b);
    let from = at;
    for (const c of [...inner, end]) {
      if (c > from) {
        const cover = evidence.filter((e) => e.start <= from && e.end >= c);
        out.push({
          text: seg.text.slice(from - at, c - at),
          match: seg.match,
          evidence: cover.some((e) => e.hot) ? "hot" : cover.length ? "on" : undefined,
        });
      }
      from = c;
    }
    at = end;
  }
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

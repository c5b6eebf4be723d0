// Span-level flags: a flag may name the text it is about, as UTF-16 code-unit offsets into one
// sentence's current text (what JavaScript's String indexes, and what window.getSelection gives
// within one text node). Pure functions, shared by the service, the exports and the review page.
import { diffChars } from "diff";

export interface SpanRange {
  start: number;
  end: number;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Whether offset `at` falls between the two halves of a surrogate pair (inside one character). */
export function splitsSurrogatePair(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return false;
  return isHigh(text.charCodeAt(at - 1)) && isLow(text.charCodeAt(at));
}

/**
 * Why a span does not fit a sentence (null: it does): integer offsets, 0 ≤ start < end ≤ length,
 * neither inside a surrogate pair, and the quoted text equal to the text at those offsets.
 */
export function spanProblem(text: string, span: SpanRange & { text?: string }): string | null {
  const { start, end } = span;
  if (!Number.isInteger(start) || !Number.isInteger(end)) return "span offsets must be whole numbers";
  if (start < 0 || end > text.length || start >= end) return `span ${start}–${end} does not fit the sentence (length ${text.length}, start < end)`;
  if (splitsSurrogatePair(text, start) || splitsSurrogatePair(text, end)) return `span ${start}–${end} cuts a character in half (a surrogate pair)`;
  if (span.text !== undefined && text.slice(start, end) !== span.text) {
    return `the quoted text "${span.text}" is not the sentence's text at ${start}–${end} ("${text.slice(start, end)}"); reload`;
  }
  return null;
}

/**
 * Where a span is after its sentence changed from `before` to `after`: the offsets moved by the
 * edits before it, when no edit touches the spanned text itself (an insertion exactly at either
 * end does not); null when one does (the flag then keeps its category and note, but its span is
 * "detached"). Character diff (jsdiff), so offsets stay in UTF-16 code units.
 */
export function relocateSpan(before: string, after: string, span: SpanRange): SpanRange | null {
  if (before === after) return { ...span };
  let oldPos = 0;
  let newPos = 0;
  let start: number | null = null;
  let end: number | null = null;
  for (const part of diffChars(before, after)) {
    const n = part.value.length;
    if (part.added) {
      if (oldPos > span.start && oldPos < span.end) return null;
      newPos += n;
      continue;
    }
    if (part.removed) {
      if (oldPos < span.end && oldPos + n > span.start) return null;
      oldPos += n;
      continue;
    }
    if (start === null && span.start >= oldPos && span.start < oldPos + n) start = newPos + (span.start - oldPos);
    if (end === null && span.end > oldPos && span.end <= oldPos + n) end = newPos + (span.end - oldPos);
    oldPos += n;
    newPos += n;
  }
  if (start === null || end === null) return null;
  const quoted = before.slice(span.start, span.end);
  return after.slice(start, end) === quoted ? { start, end } : null;
}

export interface HighlightSegment<T> {
  text: string;
  start: number;
  end: number;
  /** the spans covering this segment (empty: plain text) */
  marks: T[];
}

/**
 * Cuts a sentence into segments at every span edge, each with the spans that cover it, for the
 * review row to draw (overlapping spans give segments with several marks). Spans that do not fit
 * the text are left out.
 */
export function highlightSegments<T extends SpanRange>(text: string, spans: T[]): HighlightSegment<T>[] {
  const fit = spans.filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end <= text.length && s.start < s.end);
  const cuts = [...new Set([0, text.length, ...fit.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const out: HighlightSegment<T>[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    out.push({ text: text.slice(a, b), start: a, end: b, marks: fit.filter((s) => s.start <= a && s.end >= b) });
  }
  return out.length ? out : [{ text, start: 0, end: text.length, marks: [] }];
}

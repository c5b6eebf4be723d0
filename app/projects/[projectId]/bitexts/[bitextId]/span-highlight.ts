// Span-level flags on the review page: which spans each sentence carries, the sentence cut into
// highlighted segments (a pure function: lib/review/spans.ts highlightSegments), and the mouse
// selection mapped to a sentence's UTF-16 offsets. No React.
import type { FlagSpanView, ReviewFlag, ReviewRow } from "@/lib/db/review/view";
import { highlightSegments, type HighlightSegment } from "@/lib/review/spans";

export type SpanMark = FlagSpanView & { flagId: number; category: string; severity: string; resolved: boolean };

/** The attached spans of a row's editor flags, by sentence id (detached ones are listed in the inspector only). */
export function spansBySentence(row: ReviewRow | undefined | null): Map<number, SpanMark[]> {
  const out = new Map<number, SpanMark[]>();
  for (const f of row?.flags ?? []) {
    if (!f.span || f.span.detached) continue;
    const list = out.get(f.span.sentenceId) ?? [];
    list.push({ ...f.span, flagId: f.id, category: f.category, severity: f.severity, resolved: f.resolved });
    out.set(f.span.sentenceId, list);
  }
  return out;
}

/** A sentence's text cut at every span edge; each segment with the flags covering it. */
export function spanSegments(text: string, spans: SpanMark[] | undefined): HighlightSegment<SpanMark>[] {
  return highlightSegments(text, spans ?? []);
}

/** Editors' flags that carry a span, for the inspector's list. */
export function spanFlags(row: ReviewRow): (ReviewFlag & { span: FlagSpanView })[] {
  return row.flags.filter((f): f is ReviewFlag & { span: FlagSpanView } => f.span !== null && f.source !== "check");
}

export interface SelectedSpan {
  sentenceId: number;
  side: "en" | "zh";
  start: number;
  end: number;
  text: string;
}

/**
 * The current mouse selection as offsets into one sentence's text: the selection must lie within
 * one element marked data-sentence-id (and data-sentence-side) whose text content holds the sentence's text
 * (`textOf`) after its number. Null when there is no such selection, or it crosses sentences.
 */
export function selectionInSentence(textOf: (sentenceId: number) => string | undefined, sel: Selection | null = typeof window === "undefined" ? null : window.getSelection()): SelectedSpan | null {
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  const el = (n: Node | null) => (n instanceof Element ? n : n?.parentElement ?? null)?.closest<HTMLElement>("[data-sentence-id]") ?? null;
  const host = el(range.startContainer);
  if (!host || host !== el(range.endContainer)) return null;
  const sentenceId = Number(host.dataset.sentenceId);
  const text = textOf(sentenceId);
  if (!text) return null;
  const before = document.createRange();
  before.setStart(host, 0);
  before.setEnd(range.startContainer, range.startOffset);
  // the sentence's number is drawn before its text: the text starts where it is found
  const lead = (host.textContent ?? "").indexOf(text);
  if (lead < 0) return null;
  let start = before.toString().length - lead;
  let end = start + range.toString().length;
  start = Math.max(0, start);
  end = Math.min(text.length, end);
  // never half a surrogate pair
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start])) start--;
  if (end < text.length && /[\uDC00-\uDFFF]/.test(text[end])) end++;
  if (end <= start) return null;
  return { sentenceId, side: host.dataset.sentenceSide === "zh" ? "zh" : "en", start, end, text: text.slice(start, end) };
}

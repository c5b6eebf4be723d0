// Span-level flags after a change of their sentences: a span follows its text when a correction
// (or a revert, a sentence split or join) leaves the spanned text as it was, and is marked
// "detached" otherwise (the flag keeps its category, severity and note; the review page lists it
// as detached). Runs inside the change's transaction, before its after-snapshot, so the audit
// row holds the moved offsets and the change's undo puts them back.
import { relocateSpan } from "../../review/spans";
import { currentText, type Ctx, type Snapshot } from "./core";

/** A sentence's current text as a snapshot holds it (its latest non-reverted correction, else the original). */
function snapshotText(before: Snapshot, sentenceId: number): string | null {
  const s = before.sentences.find((x) => x.id === sentenceId);
  if (!s) return null;
  return currentText({ text: s.text, corrections: before.corrections.filter((c) => c.sentenceId === sentenceId) });
}

export async function reanchorSpans(ctx: Ctx, before: Snapshot, pairIds: number[]): Promise<void> {
  if (!before.sentences.length) return;
  const flags = await ctx.tx.flag.findMany({
    where: { pairId: { in: [...new Set(pairIds)] }, spanSentenceId: { not: null }, spanDetached: false },
    select: { id: true, pairId: true, spanSentenceId: true, spanStart: true, spanEnd: true },
  });
  if (!flags.length) return;
  const ids = [...new Set(flags.map((f) => f.spanSentenceId!))];
  const now = await ctx.tx.sentence.findMany({ where: { id: { in: ids } }, include: { corrections: true } });
  const byId = new Map(now.map((s) => [s.id, s]));
  for (const f of flags) {
    const old = snapshotText(before, f.spanSentenceId!);
    if (old === null) continue; // the change did not touch this sentence
    const cur = byId.get(f.spanSentenceId!);
    const moved = cur && cur.pairId === f.pairId ? relocateSpan(old, currentText(cur), { start: f.spanStart!, end: f.spanEnd! }) : null;
    if (moved && moved.start === f.spanStart && moved.end === f.spanEnd) continue;
    await ctx.tx.flag.update({
      where: { id: f.id },
      data: { ...(moved ? { spanStart: moved.start, spanEnd: moved.end } : { spanDetached: true }), version: { increment: 1 } },
    });
  }
}

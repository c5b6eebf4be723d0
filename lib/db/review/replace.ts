// Find-and-replace over corrections: a preview lists every sentence it would change (before,
// after and a word/character diff), then the change stores each as a correction, recorded as the
// `correct` operation records one (a Correction row, re-scored pair, status "corrected", spans
// re-anchored; the route re-runs the automatic checks), all in one transaction with ONE audit
// row, so one undo takes every sentence back. A sentence whose text changed since the preview is
// skipped and listed, never overwritten. Excluded sentences (web clutter) are left alone.
import { diffChars, diffWordsWithSpace, type Change } from "diff";
import type { Db } from "../client";
import { replaceMatches } from "../../text/search";
import { replaceApplySchema, replacePreviewSchema, type ReplaceApplyInput, type ReplacePreviewInput } from "../../review/schema";
import {
  ValidationError,
  activeCorrection,
  checkActor,
  claimPair,
  currentText,
  finalizePairs,
  inTx,
  loadCtx,
  loadPair,
  parse,
  takeSnapshot,
  writeAudit,
  type Actor,
  type ReviewOptions,
} from "./core";
import { defaultScore } from "./ops";
import { searchSentences, type SentenceHit } from "./search";
import { reanchorSpans } from "./span-anchor";

export interface ReplaceItem {
  pairId: number;
  /** 1-based pair number in reading order */
  number: number;
  sentenceId: number;
  lang: "en" | "zh";
  /** the current text (send it back as `base`) */
  before: string;
  after: string;
  /** jsdiff changes from before to after (words with spaces for English, characters for Chinese) */
  diff: Change[];
  matches: number;
}

export interface ReplacePreview {
  items: ReplaceItem[];
  sentences: number;
  pairs: number;
  /** sentences the search finds whose replacement would not be stored, with why */
  refused: { sentenceId: number; reason: string }[];
}

export interface ReplaceResult {
  auditId: number | null;
  changed: { sentenceId: number; pairId: number }[];
  pairIds: number[];
  skipped: { sentenceId: number; reason: string }[];
}

const MAX_SENTENCES = 2000;
const collapse = (t: string) => t.replace(/\s+/g, " ").trim();

/** Why a replaced text cannot be stored as a correction (as correctSentences refuses it), or null. */
function refusal(before: string, after: string): string | null {
  if (!after.trim()) return "the sentence would be empty";
  if (/[\r\n\u2028\u2029]/.test(after)) return "the replacement puts a line break in the sentence";
  if (collapse(after) === collapse(before)) return "only whitespace would change";
  return null;
}

function planned(hits: SentenceHit[], replacement: string, regex: boolean) {
  const out: { hit: SentenceHit; after: string; problem: string | null }[] = [];
  for (const hit of hits) {
    if (hit.excluded) continue;
    const after = replaceMatches(hit.text, hit.matches, replacement, regex).trim();
    if (after === hit.text) continue;
    out.push({ hit, after, problem: refusal(hit.text, after) });
  }
  return out;
}

export async function previewReplace(db: Db, bitextId: number, input: ReplacePreviewInput): Promise<ReplacePreview> {
  const { find, replacement } = parse(replacePreviewSchema, input, "find-and-replace");
  const plan = planned(await searchSentences(db, bitextId, find), replacement, find.regex);
  const ok = plan.filter((p) => !p.problem);
  if (ok.length > MAX_SENTENCES) throw new ValidationError(`This would change ${ok.length.toLocaleString("en")} sentences; at most ${MAX_SENTENCES.toLocaleString("en")} at once: narrow the search`);
  const order = await db.alignmentPair.findMany({ where: { bitextId }, orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true } });
  const number = new Map(order.map((p, i) => [p.id, i + 1]));
  const items = ok
    .map(({ hit, after }) => ({
      pairId: hit.pairId,
      number: number.get(hit.pairId) ?? 0,
      sentenceId: hit.sentenceId,
      lang: hit.lang,
      before: hit.text,
      after,
      diff: hit.lang === "en" ? diffWordsWithSpace(hit.text, after) : diffChars(hit.text, after),
      matches: hit.matches.filter((m) => m.end > m.start).length,
    }))
    .sort((a, b) => a.number - b.number || a.lang.localeCompare(b.lang) || a.sentenceId - b.sentenceId);
  return {
    items,
    sentences: items.length,
    pairs: new Set(items.map((i) => i.pairId)).size,
    refused: plan.filter((p) => p.problem).map((p) => ({ sentenceId: p.hit.sentenceId, reason: p.problem! })),
  };
}

/** Stores the previewed replacements as corrections: one transaction, one audit row, one undo. */
export async function applyReplace(db: Db, actor: Actor, bitextId: number, input: ReplaceApplyInput, opts: ReviewOptions = {}): Promise<ReplaceResult> {
  checkActor(actor);
  const v = parse(replaceApplySchema, input, "find-and-replace");
  const base = new Map(v.sentences.map((s) => [s.sentenceId, s.base]));
  // searched outside the transaction (a read of the document pair); each sentence's text is
  // compared with its preview's inside it
  const plan = new Map(
    planned(await searchSentences(db, bitextId, v.find), v.replacement, v.find.regex)
      .filter((p) => base.has(p.hit.sentenceId))
      .map((p) => [p.hit.sentenceId, p]),
  );
  return inTx(
    db,
    async (tx) => {
      const ctx = await loadCtx(tx, actor, bitextId, opts.score ?? defaultScore, "exclusive");
      const skipped: ReplaceResult["skipped"] = [];
      const rows = await tx.sentence.findMany({ where: { id: { in: [...base.keys()] } }, include: { corrections: true } });
      const byId = new Map(rows.map((r) => [r.id, r]));
      const edits: { id: number; pairId: number; original: string; after: string }[] = [];
      for (const [sentenceId, seen] of base) {
        const s = byId.get(sentenceId);
        const p = plan.get(sentenceId);
        if (!s || s.pairId === null) skipped.push({ sentenceId, reason: "the sentence no longer exists" });
        else if (currentText(s) !== seen) skipped.push({ sentenceId, reason: "its text changed since the preview" });
        else if (!p || p.hit.text !== seen) skipped.push({ sentenceId, reason: "the search no longer finds it" });
        else if (p.problem) skipped.push({ sentenceId, reason: p.problem });
        else edits.push({ id: sentenceId, pairId: s.pairId, original: s.text, after: p.after });
      }
      if (!edits.length) return { auditId: null, changed: [], pairIds: [], skipped };
      const pairIds = [...new Set(edits.map((e) => e.pairId))];
      const before = await takeSnapshot(tx, pairIds);
      for (const id of pairIds) await claimPair(tx, actor, id, undefined, "none");
      await storeCorrections(ctx.tx, actor, edits);
      for (const id of pairIds) {
        const pair = await loadPair(tx, id);
        const still = pair.sentences.some((s) => activeCorrection(s.corrections) !== null);
        await finalizePairs(ctx, [id], { status: still ? "corrected" : "derive" });
      }
      await reanchorSpans(ctx, before, pairIds);
      const after = await takeSnapshot(tx, pairIds);
      const auditId = await writeAudit(ctx, "bitext", bitextId, "replace", before, after, {
        find: v.find,
        replacement: v.replacement,
        sentences: edits.map((e) => e.id),
        skipped: skipped.length,
      });
      return { auditId, changed: edits.map((e) => ({ sentenceId: e.id, pairId: e.pairId })), pairIds, skipped };
    },
    60_000,
  );
}

/** As correctSentences stores one: a new correction, or, back to the original text, the corrections reverted. */
async function storeCorrections(tx: Parameters<typeof takeSnapshot>[0], actor: Actor, edits: { id: number; original: string; after: string }[]) {
  const now = new Date();
  for (const e of edits) {
    if (e.after === e.original) {
      await tx.correction.updateMany({ where: { sentenceId: e.id, revertedAt: null }, data: { revertedAt: now } });
    } else {
      await tx.correction.create({ data: { sentenceId: e.id, originalText: e.original, correctedText: e.after, authorId: actor.id, createdAt: now } });
    }
  }
}

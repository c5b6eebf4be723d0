// Re-alignment around confirmed pairs: confirmed pairs (and pairs made only of excluded
// sentences) are anchors; every stretch of other pairs between anchors is re-aligned with
// the injected aligner and its pairs replaced. Sentence rows (ids, corrections) stay.
import { z } from "zod";
import type { Db } from "../client";
import {
  ValidationError,
  VersionConflictError,
  checkActor,
  computeCrossing,
  currentText,
  deriveStatus,
  idSchema,
  inTx,
  jsonOrNull,
  loadCtx,
  loadPair,
  parse,
  shiftPairs,
  takeSnapshot,
  writeAudit,
  type Actor,
  type ReviewOptions,
} from "./core";
import { reanchorSpans } from "./span-anchor";
import { defaultScore } from "./ops";
import { storedConfidence } from "../confidence";

export interface RealignBead {
  zh: number[];
  en: number[];
  score: number | null;
  parts: unknown;
  /** the aligner's confidence, 0–1 (absent or null: none) */
  confidence?: number | null;
}
/** Aligns one stretch; indices in the returned beads are local to the stretch's lists. */
export type RealignFn = (zhTexts: string[], enTexts: string[]) => RealignBead[] | Promise<RealignBead[]>;

export interface RealignResult {
  auditId: number | null;
  stretches: number;
  pairsBefore: number;
  pairsAfter: number;
  /** pairs kept because a bead had exactly their sentences */
  kept: number;
}

interface StretchSentence {
  id: number;
  lang: "en" | "zh";
  position: number;
  text: string;
}
interface Stretch {
  pairIds: number[];
  zh: StretchSentence[];
  en: StretchSentence[];
}

const realignInput = z.object({ bitextId: idSchema });

function validateBeads(beads: RealignBead[], nZh: number, nEn: number, where: string) {
  const seen = { zh: new Set<number>(), en: new Set<number>() };
  for (const b of beads) {
    if (!b.zh.length && !b.en.length) throw new ValidationError(`The aligner returned an empty bead ${where}`);
    for (const [lang, n] of [["zh", nZh], ["en", nEn]] as const) {
      for (const i of b[lang]) {
        if (!Number.isInteger(i) || i < 0 || i >= n || seen[lang].has(i)) {
          throw new ValidationError(`The aligner returned an invalid ${lang} index ${i} ${where}`);
        }
        seen[lang].add(i);
      }
    }
  }
  if (seen.zh.size !== nZh || seen.en.size !== nEn) {
    throw new ValidationError(`The aligner left sentences out ${where}`);
  }
}

/**
 * Reads and aligns outside the transaction (the aligner may be slow), then, in one
 * transaction, checks that no pair changed meanwhile and replaces the stretches.
 * A bead with exactly the sentences of an old pair keeps that pair (id, status, flags,
 * version unless its score or confidence changes) and takes the bead's score and confidence.
 * Other old pairs are deleted; their flags move to the new pair holding the old pair's first
 * sentence (English first), which becomes "flagged" while a flag is open. New pairs are
 * automatic, with the bead's confidence, status derived (flagged > corrected > automatic).
 */
export async function realignUnconfirmed(
  db: Db,
  actor: Actor,
  input: { bitextId: number },
  align: RealignFn,
  opts: ReviewOptions = {},
): Promise<RealignResult> {
  checkActor(actor);
  const { bitextId } = parse(realignInput, input, "re-alignment");
  const docs = await db.document.findMany({ where: { bitextId }, select: { id: true, lang: true } });
  const langOf = new Map(docs.map((d) => [d.id, d.lang as "en" | "zh"]));
  const pairs = await db.alignmentPair.findMany({
    where: { bitextId },
    orderBy: { position: "asc" },
    include: { sentences: { include: { corrections: true }, orderBy: { position: "asc" } } },
  });
  const seenVersions = new Map(pairs.map((p) => [p.id, p.version]));

  const stretches: Stretch[] = [];
  let cur: Stretch | null = null;
  for (const p of pairs) {
    const anchor = p.status === "confirmed" || p.sentences.every((s) => s.excluded);
    if (anchor) {
      cur = null;
      continue;
    }
    if (!cur) stretches.push((cur = { pairIds: [], zh: [], en: [] }));
    cur.pairIds.push(p.id);
    for (const s of p.sentences) {
      const lang = langOf.get(s.documentId)!;
      cur[lang].push({ id: s.id, lang, position: s.position, text: currentText(s) });
    }
  }
  const work: { stretch: Stretch; beads: RealignBead[] }[] = [];
  for (const st of stretches) {
    if (!st.zh.length || !st.en.length) continue; // one language only: nothing to align
    st.zh.sort((a, b) => a.position - b.position);
    st.en.sort((a, b) => a.position - b.position);
    const beads = await align(
      st.zh.map((s) => s.text),
      st.en.map((s) => s.text),
    );
    validateBeads(beads, st.zh.length, st.en.length, `for pairs ${st.pairIds[0]}…${st.pairIds[st.pairIds.length - 1]}`);
    work.push({ stretch: st, beads });
  }
  if (!work.length) return { auditId: null, stretches: 0, pairsBefore: pairs.length, pairsAfter: pairs.length, kept: 0 };

  return inTx(
    db,
    async (tx) => {
      const ctx = await loadCtx(tx, actor, bitextId, opts.score ?? defaultScore);
      const now = await tx.alignmentPair.findMany({ where: { bitextId }, select: { id: true, version: true } });
      if (now.length !== seenVersions.size || now.some((p) => seenVersions.get(p.id) !== p.version)) {
        throw new VersionConflictError("The document pair was edited while re-aligning; run the re-alignment again", {
          type: "bitext",
          id: bitextId,
        });
      }
      const oldIds = work.flatMap((w) => w.stretch.pairIds);
      const before = await takeSnapshot(tx, oldIds);
      const pairById = new Map(pairs.map((p) => [p.id, p]));
      const touched: number[] = [];
      let kept = 0;
      // last stretch first, so earlier positions stay valid while later pairs shift
      for (const { stretch, beads } of [...work].reverse()) {
        const olds = stretch.pairIds.map((id) => pairById.get(id)!);
        const start = olds[0].position;
        const keyOf = (ids: number[]) => [...ids].sort((a, b) => a - b).join(",");
        const oldByKey = new Map(olds.map((p) => [keyOf(p.sentences.map((s) => s.id)), p]));
        await shiftPairs(tx, bitextId, olds[olds.length - 1].position, beads.length - olds.length);
        const newIdOfSentence = new Map<number, number>();
        const keptIds = new Set<number>();
        for (let i = 0; i < beads.length; i++) {
          const b = beads[i];
          const ids = [...b.zh.map((k) => stretch.zh[k].id), ...b.en.map((k) => stretch.en[k].id)];
          const reuse = oldByKey.get(keyOf(ids));
          let pairId: number;
          if (reuse) {
            kept++;
            keptIds.add(reuse.id);
            pairId = reuse.id;
            const confidence = storedConfidence(b.confidence);
            const changed = reuse.score !== b.score || reuse.confidence !== confidence;
            await tx.alignmentPair.update({
              where: { id: reuse.id },
              data: {
                position: start + i,
                score: b.score,
                scoreDetails: jsonOrNull(b.parts),
                confidence,
                ...(changed ? { version: { increment: 1 }, updatedById: actor.id } : {}),
              },
            });
          } else {
            const created = await tx.alignmentPair.create({
              data: {
                bitextId,
                position: start + i,
                score: b.score,
                scoreDetails: jsonOrNull(b.parts),
                confidence: storedConfidence(b.confidence),
                origin: "automatic",
                status: "automatic",
                updatedById: actor.id,
              },
            });
            pairId = created.id;
            await tx.sentence.updateMany({ where: { id: { in: ids } }, data: { pairId } });
          }
          for (const id of ids) newIdOfSentence.set(id, pairId);
          touched.push(pairId);
        }
        const at = pairs.indexOf(olds[0]);
        const prevOfStretch = at > 0 ? pairs[at - 1].id : null;
        for (const [k, old] of olds.entries()) {
          if (keptIds.has(old.id)) continue;
          ctx.dropped.set(old.id, k === 0 ? prevOfStretch : olds[k - 1].id);
          const first =
            old.sentences.find((s) => langOf.get(s.documentId) === "en") ?? old.sentences[0];
          // a span-level flag goes with its sentence; the others with the pair's first sentence
          const spanned = await tx.flag.findMany({ where: { pairId: old.id, spanSentenceId: { not: null } }, select: { id: true, spanSentenceId: true } });
          for (const f of spanned) {
            const to = newIdOfSentence.get(f.spanSentenceId!);
            if (to !== undefined) await tx.flag.update({ where: { id: f.id }, data: { pairId: to } });
          }
          await tx.flag.updateMany({ where: { pairId: old.id }, data: { pairId: newIdOfSentence.get(first.id)! } });
          await tx.alignmentPair.delete({ where: { id: old.id } });
        }
      }
      for (const id of touched) {
        const p = await loadPair(tx, id);
        const crossing = await computeCrossing(ctx, p);
        const status = p.status === "automatic" || p.flags.length ? deriveStatus(p) : p.status;
        if (crossing !== p.crossing || status !== p.status) {
          await tx.alignmentPair.update({
            where: { id },
            data: {
              crossing,
              status,
              ...(p.version === seenVersions.get(id) ? { version: { increment: 1 }, updatedById: actor.id } : {}),
            },
          });
        }
      }
      await reanchorSpans(ctx, before, [...oldIds, ...touched]);
      const after = await takeSnapshot(tx, [...oldIds, ...touched]);
      const auditId = await writeAudit(ctx, "bitext", bitextId, "realign", before, after, {
        stretches: work.length,
        pairsBefore: oldIds.length,
        pairsAfter: touched.length,
      });
      const total = await tx.alignmentPair.count({ where: { bitextId } });
      return { auditId, stretches: work.length, pairsBefore: pairs.length, pairsAfter: total, kept };
    },
    300_000,
  );
}

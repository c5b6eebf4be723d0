// Document pairs: import the two texts, align them with the engine, store the beads.
import type { Db, DbTx } from "./client";
import { splitSentences } from "../text/segment";
import { align, type AlignInput, type AlignmentResult, type AlignOptions } from "../alignment";
import type { AlignMode } from "./vocabulary";
import { lockBitext } from "./review/core";
import { storedConfidence } from "./confidence";

export interface NewDocument {
  text: string;
  title?: string;
  sourceName?: string;
}

export interface NewBitext {
  projectId: number;
  title: string;
  en: NewDocument;
  zh: NewDocument;
  mode?: AlignMode;
}

/** Stores the two documents; sentences and pairs come with alignBitext. */
export async function createBitext(db: Db, input: NewBitext, actorId: number | null = null) {
  return db.$transaction((tx) => createBitextIn(tx, input, actorId));
}

/** createBitext inside a caller's transaction. */
export async function createBitextIn(tx: DbTx, input: NewBitext, actorId: number | null = null) {
  const position = await tx.bitext.count({ where: { projectId: input.projectId } });
  const bitext = await tx.bitext.create({
    data: {
      projectId: input.projectId,
      title: input.title,
      position,
      requestedMode: input.mode ?? "auto",
      documents: {
        create: (["en", "zh"] as const).map((lang) => ({
          lang,
          title: input[lang].title ?? input.title,
          sourceName: input[lang].sourceName ?? null,
          originalText: input[lang].text,
        })),
      },
    },
  });
  await tx.auditLog.create({
    data: {
      projectId: input.projectId,
      bitextId: bitext.id,
      entityType: "bitext",
      entityId: bitext.id,
      action: "create",
      actorId,
      after: { title: input.title, mode: bitext.requestedMode },
    },
  });
  return bitext;
}

export type ProgressFn = (done: number, total: number, stage: string) => void;
export type RunAligner = (zh: AlignInput[], en: AlignInput[], opts: AlignOptions) => AlignmentResult | Promise<AlignmentResult>;

/**
 * Splits both documents, aligns them and replaces the bitext's sentences and pairs in
 * one transaction, so a failed or cancelled run leaves the previous state intact.
 */
export async function alignBitext(
  db: Db,
  bitextId: number,
  opts: {
    onProgress?: ProgressFn;
    signal?: AbortSignal;
    actorId?: number | null;
    runAligner?: RunAligner;
    /** The job this runs for: the result is stored only while that job is still this worker's. */
    ownedBy?: { jobId: number; workerId: string };
  } = {},
): Promise<AlignmentResult> {
  const bitext = await db.bitext.findUniqueOrThrow({ where: { id: bitextId }, include: { documents: true } });
  const doc = (lang: "en" | "zh") => {
    const d = bitext.documents.find((x) => x.lang === lang);
    if (!d) throw new Error(`Bitext ${bitextId} has no ${lang} document`);
    return d;
  };
  const en = doc("en");
  const zh = doc("zh");
  await db.bitext.update({ where: { id: bitextId }, data: { status: "aligning", statusMessage: null } });

  try {
    opts.onProgress?.(0, 1, "splitting sentences");
    const enSegs = splitSentences(en.originalText, "en");
    const zhSegs = splitSentences(zh.originalText, "zh");
    const runAligner = opts.runAligner ?? align;
    const result = await runAligner(
      zhSegs.map((s) => ({ text: s.text, excluded: s.excluded })),
      enSegs.map((s) => ({ text: s.text, excluded: s.excluded })),
      { mode: bitext.requestedMode as AlignMode, onProgress: opts.onProgress, signal: opts.signal },
    );
    opts.onProgress?.(1, 1, "saving pairs");

    await db.$transaction(
      async (tx) => {
        if (opts.ownedBy) {
          // A worker that lost its claim (its lease ran out and another worker took the job)
          // must not store a second result. The check is a write, so it also holds the job row
          // until this transaction ends: the claim cannot move while the result is saved.
          // It also records, with the pairs, that they are stored: an attempt that takes the job
          // over after this one died (before it could mark the job done) does not align again.
          const { count } = await tx.job.updateMany({
            where: { id: opts.ownedBy.jobId, lockedBy: opts.ownedBy.workerId, status: "running" },
            data: { lockedBy: opts.ownedBy.workerId, result: { stored: { mode: result.mode, pairs: result.beads.length } } },
          });
          if (count !== 1) throw new Error(`job ${opts.ownedBy.jobId} is no longer this worker's: the alignment is not stored`);
        }
        // Replaces every pair: no review change of this document pair may run meanwhile.
        await lockBitext(tx, bitextId, "exclusive");
        await tx.alignmentPair.deleteMany({ where: { bitextId } });
        await tx.sentence.deleteMany({ where: { documentId: { in: [en.id, zh.id] } } });
        const pairs = await tx.alignmentPair.createManyAndReturn({
          data: result.beads.map((b, position) => ({
            bitextId,
            position,
            score: b.score,
            scoreDetails: (b.parts ?? undefined) as object | undefined,
            confidence: storedConfidence(b.confidence),
            crossing: b.crossing,
          })),
          select: { id: true, position: true },
        });
        const pairIdAt = new Map(pairs.map((p) => [p.position, p.id]));
        const pairOf = { en: new Map<number, number>(), zh: new Map<number, number>() };
        result.beads.forEach((b, i) => {
          for (const s of b.en) pairOf.en.set(s, pairIdAt.get(i)!);
          for (const s of b.zh) pairOf.zh.set(s, pairIdAt.get(i)!);
        });
        for (const [lang, docId, segs] of [
          ["en", en.id, enSegs],
          ["zh", zh.id, zhSegs],
        ] as const) {
          await tx.sentence.createMany({
            data: segs.map((s, position) => ({
              documentId: docId,
              position,
              paragraph: s.paragraph,
              text: s.text,
              startOffset: s.start,
              endOffset: s.end,
              excluded: s.excluded,
              excludedReason: s.excludedReason ?? null,
              pairId: pairOf[lang].get(position) ?? null,
            })),
          });
        }
        await tx.bitext.update({
          where: { id: bitextId },
          data: {
            status: "ready",
            alignedMode: result.mode,
            modeReason: result.modeReason,
            alignStats: result.stats as object,
          },
        });
        await tx.auditLog.create({
          data: {
            projectId: bitext.projectId,
            bitextId,
            entityType: "bitext",
            entityId: bitextId,
            action: "align",
            actorId: opts.actorId ?? null,
            after: { mode: result.mode, pairs: result.beads.length },
          },
        });
      },
      { timeout: 300_000, maxWait: 30_000 },
    );
    return result;
  } catch (err) {
    await db.bitext.update({
      where: { id: bitextId },
      data: { status: "failed", statusMessage: (err as Error).message.slice(0, 500) },
    });
    throw err;
  }
}

// Importing an existing alignment (InterText, TMX, TSV, JSONL): the beads are taken as
// they are, scored, and stored as a reviewable document pair; no aligner runs.
//
// Storing is staged and chunked, so no transaction holds SQLite's write lock for long (one
// transaction for 111,111 units held it for over 20 minutes and every other writer timed out):
//   1. stage: the project (if new), the document pair with status "importing" (not ready, so
//      not reviewable, exported or counted) and its two documents, in one short transaction;
//   2. chunks: the pairs with their sentences, corrections and flags, IMPORT_CHUNK_PAIRS pairs
//      per transaction, with progress and a cancel check between chunks;
//   3. one switch: status "ready".
// A failed or cancelled import deletes what it staged (in chunks as well), and the project
// when it was created for the import: nothing is left half-stored.
import type { Db, DbTx } from "./client";
import { createBitextIn } from "./bitexts";
import type { ImportRequest } from "./import";
import { ImportConflictError } from "./import";
import type { CorpusPair } from "../formats/model";
import { storedConfidence } from "./confidence";
import { WindowedBeadScorer, type IndexedBead } from "../scoring/lexical/windowed";

type Lang = "en" | "zh";

/**
 * Pairs in the first storing transaction. Later chunks are sized by measurement so that each
 * holds the write lock about CHUNK_TARGET_MS (Prisma inserts cost about 1 ms per pair with its
 * sentences on SQLite on a busy 2-core machine: 250 pairs took 290 ms, over the ~200 ms a
 * transaction may hold the write lock). The target leaves room for the outliers of a shared
 * machine (a descheduled process, a garbage collection inside the transaction): with 80 ms
 * the longest of 1,744 chunks held the lock 824 ms.
 */
export const IMPORT_CHUNK_PAIRS = 50;
const CHUNK_TARGET_MS = 40;
const MIN_CHUNK = 10;
const MAX_CHUNK = 2000;
/**
 * The shortest pause between chunks: it lets the event loop run (the worker's cancel check and
 * heartbeat are timers; better-sqlite3 is synchronous, so back-to-back chunks would never let
 * them fire) and lets a writer of another process that waits for the lock take it (they retry
 * every ≤ 12 ms, lib/db/sqlite/serial.ts).
 */
export const IMPORT_PAUSE_MS = 15;
/**
 * The import's share of the write lock while it stores: after a chunk that held the lock for h
 * ms it pauses h·(1 − share)/share ms (at least IMPORT_PAUSE_MS). With a 15 ms pause after
 * 80 ms chunks (about 85% of the time), ten editors writing every 50–100 ms queued behind the
 * chunks: their p95 was 369–408 ms. Half the time leaves them room; the import takes longer.
 */
export const IMPORT_LOCK_SHARE = 0.5;
/** Rows per deleting statement when a staged import is discarded. */
const DISCARD_CHUNK_ROWS = 1000;
export const IMPORTING = "importing";

/** Sentences of one language in document order, and where each bead's sentences sit. */
function documentOrder(pairs: CorpusPair[], lang: Lang) {
  const items = pairs.flatMap((p, pairIndex) => p[lang].map((s, k) => ({ s, pairIndex, k })));
  // Files that carry sentence positions (InterText) may list a bead's sentences out of
  // document order; put the document back in order.
  const positioned = items.every((i) => typeof i.s.index === "number");
  if (positioned) items.sort((a, b) => a.s.index! - b.s.index!);
  return items;
}

function documentText(items: ReturnType<typeof documentOrder>, lang: Lang) {
  // One sentence per line; a blank line where the paragraph changes.
  let out = "";
  let para: number | undefined;
  for (const { s } of items) {
    if (out) out += s.paragraph !== undefined && para !== undefined && s.paragraph !== para ? "\n\n" : "\n";
    out += s.text.replace(/\s*\n\s*/g, lang === "zh" ? "" : " ");
    para = s.paragraph;
  }
  return out;
}

/** The beads worth storing, in document order per language (cheap: no scoring yet). */
export function orderAlignedCorpus(pairs: CorpusPair[], sourceName: string) {
  const kept = pairs.filter((p) => p.en.length + p.zh.length > 0);
  if (kept.length === 0) throw new ImportConflictError(`${sourceName} holds no aligned sentences`);
  const en = documentOrder(kept, "en");
  const zh = documentOrder(kept, "zh");
  return { kept, en, zh, sourceName };
}
export type OrderedCorpus = ReturnType<typeof orderAlignedCorpus>;

/** The document indices of each bead's sentences, in the bead's own order. */
function beadIndices({ kept, en, zh }: OrderedCorpus): IndexedBead[] {
  const out = kept.map((p) => ({ zh: new Array<number>(p.zh.length), en: new Array<number>(p.en.length) }));
  zh.forEach((i, n) => (out[i.pairIndex].zh[i.k] = n));
  en.forEach((i, n) => (out[i.pairIndex].en[i.k] = n));
  return out;
}

/**
 * Scores beads [from, to) as one scorer prepared on the whole document pair scores them, a
 * chunk at a time (CPU only; see WindowedBeadScorer: preparing the whole pair at once took
 * 700 MB for 111,111 units). A one-sided bead keeps the file's score, if any.
 */
async function chunkScorer(corpus: OrderedCorpus) {
  const scorer = await WindowedBeadScorer.create(
    corpus.zh.map((i) => i.s.text),
    corpus.en.map((i) => i.s.text),
  );
  const beads = beadIndices(corpus);
  return (from: number, to: number): ChunkScore[] =>
    scorer.score(beads.slice(from, to)).map((s, k) => s ?? { score: corpus.kept[from + k].score ?? null, parts: null });
}
type ChunkScore = { score: number | null; parts: object | null };

/** The staging transaction may wait for the write lock behind other writers. */
const STAGE_TX = { timeout: 30_000, maxWait: 30_000 };

export interface StagedImport {
  projectId: number;
  bitextId: number;
  /** the project was made for this import (a discarded import removes it too) */
  createdProject: boolean;
}

/**
 * Step 1: the project (if new), the document pair "importing" and its documents, in one short
 * transaction; then each document's text in a statement of its own. Prisma spends seconds
 * preparing a query that carries megabytes (two 5 MB texts: 2.5 s) and a transaction would hold
 * the write lock all that time; outside one, the lock is held only while the statement runs
 * (about 40 ms). If a text cannot be written the staged pair is discarded.
 */
export async function stageAlignedImport(db: Db, req: ImportRequest, corpus: OrderedCorpus, actorId: number | null): Promise<StagedImport> {
  const staged = await db.$transaction((tx) => stageDocumentPair(tx, req, corpus, actorId), STAGE_TX);
  try {
    for (const lang of ["en", "zh"] as const) {
      // made here, not kept with the corpus: the import job, which stores the sentences, never needs the texts
      await db.document.update({ where: { bitextId_lang: { bitextId: staged.bitextId, lang } }, data: { originalText: documentText(corpus[lang], lang) } });
    }
  } catch (err) {
    await discardStagedImport(db, staged);
    throw err;
  }
  return staged;
}

async function stageDocumentPair(tx: DbTx, req: ImportRequest, corpus: OrderedCorpus, actorId: number | null): Promise<StagedImport> {
  let projectId = req.projectId;
  const createdProject = projectId === undefined;
  if (projectId === undefined) {
    if (await tx.project.findUnique({ where: { name: req.projectName! } })) {
      throw new ImportConflictError(`A project named "${req.projectName}" exists already: add the document pair to it instead`);
    }
    projectId = (await tx.project.create({ data: { name: req.projectName! } })).id;
    // as for a document-pair import (lib/db/import.ts): the creator owns the new project
    if (actorId !== null) await tx.projectMember.create({ data: { projectId, userId: actorId, role: "owner" } });
    await tx.auditLog.create({ data: { projectId, entityType: "project", entityId: projectId, action: "create", actorId, after: { name: req.projectName! } } });
  } else if (!(await tx.project.findUnique({ where: { id: projectId } }))) {
    throw new ImportConflictError(`Project ${projectId} does not exist`);
  }
  const { sourceName } = corpus;
  const bitext = await createBitextIn(
    tx,
    { projectId, title: req.title, mode: req.mode, en: { text: "", sourceName }, zh: { text: "", sourceName } },
    actorId,
  );
  await tx.bitext.update({ where: { id: bitext.id }, data: { status: IMPORTING } });
  return { projectId, bitextId: bitext.id, createdProject };
}

export interface StoreOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, stage: string) => void;
  chunkPairs?: number;
  /** the shortest pause between chunks (default IMPORT_PAUSE_MS) */
  pauseMs?: number;
  /**
   * called with each chunk's transaction time in ms (waiting for the write lock included) and
   * how long it held the transaction open (from its first statement to its commit: on SQLite,
   * the write lock) (tests, benchmarks)
   */
  onChunk?: (ms: number, holdMs: number) => void;
}

export class ImportStopped extends Error {
  override name = "ImportStopped";
}

/** The sentences of each bead, with their document positions. */
function sentencesByBead(corpus: OrderedCorpus) {
  const out = corpus.kept.map(() => [] as { lang: Lang; position: number; item: OrderedCorpus["en"][number] }[]);
  for (const lang of ["en", "zh"] as const) corpus[lang].forEach((item, position) => out[item.pairIndex].push({ lang, position, item }));
  return out;
}

/** The next chunk's size, aiming at CHUNK_TARGET_MS from the last one's hold time (at most doubling). */
function nextChunkSize(size: number, ms: number) {
  const aimed = Math.round((size * CHUNK_TARGET_MS) / Math.max(1, ms));
  return Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, size * 2, aimed));
}

/** Stores beads [from, to) with their sentences, corrections and flags: one short transaction. */
async function storeChunk(
  tx: DbTx,
  bitextId: number,
  docId: Record<Lang, number>,
  corpus: OrderedCorpus,
  scores: ChunkScore[],
  beads: ReturnType<typeof sentencesByBead>,
  [from, to]: [number, number],
  actorId: number | null,
) {
  const created = await tx.alignmentPair.createManyAndReturn({
    data: corpus.kept.slice(from, to).map((p, k) => ({
      bitextId,
      position: from + k,
      score: scores[k].score,
      scoreDetails: (scores[k].parts ?? undefined) as object | undefined,
      // the file's confidence when it carries one (a Parallax export), else none
      confidence: storedConfidence(p.confidence),
      status: p.status ?? "automatic",
      origin: "manual",
      crossing: false,
    })),
    select: { id: true, position: true },
  });
  const pairId = new Map(created.map((c) => [c.position, c.id]));
  const sentences = beads.slice(from, to).flatMap((b, k) => b.map((x) => ({ ...x, pairId: pairId.get(from + k)! })));
  const rows = await tx.sentence.createManyAndReturn({
    data: sentences.map(({ lang, position, item, pairId }) => ({
      documentId: docId[lang],
      position,
      paragraph: item.s.paragraph ?? 0,
      text: item.s.original ?? item.s.text,
      pairId,
    })),
    select: { id: true, documentId: true, position: true },
  });
  // A corrected sentence arrives with its original: keep both, as an editor's correction would.
  const idAt = new Map(rows.map((r) => [`${r.documentId}:${r.position}`, r.id]));
  const corrected = sentences.filter(({ item }) => item.s.original !== undefined && item.s.original !== item.s.text);
  if (corrected.length) {
    await tx.correction.createMany({
      data: corrected.map(({ lang, position, item }) => ({
        sentenceId: idAt.get(`${docId[lang]}:${position}`)!,
        originalText: item.s.original!,
        correctedText: item.s.text,
        authorId: actorId,
      })),
    });
  }
  // Flags carried by the file (TMX, JSONL) come back as they were.
  const flags = corpus.kept.slice(from, to).flatMap((p, k) =>
    (p.flags ?? []).map((f) => ({
      pairId: pairId.get(from + k)!,
      category: f.category,
      severity: f.severity,
      note: f.note,
      source: f.source ?? "editor",
      resolved: f.resolved ?? false,
      authorId: actorId,
    })),
  );
  if (flags.length) await tx.flag.createMany({ data: flags });
}

/**
 * Steps 2 and 3: scores the beads and stores them in chunks (each chunk scored just before its
 * transaction, outside it; progress, the cancel check and a pause between chunks) and switches
 * the staged document pair to "ready". Throws ImportStopped when `signal` aborts; the caller
 * discards what was staged.
 */
export async function storeStagedImport(db: Db, staged: StagedImport, corpus: OrderedCorpus, actorId: number | null, opts: StoreOptions = {}) {
  const stopIfAsked = () => {
    if (opts.signal?.aborted) throw new ImportStopped(String(opts.signal.reason ?? "cancelled"));
  };
  const total = corpus.kept.length;
  opts.onProgress?.(0, total, "scoring pairs");
  const scoreChunk = await chunkScorer(corpus);
  const beads = sentencesByBead(corpus);
  const docs = await db.document.findMany({ where: { bitextId: staged.bitextId }, select: { id: true, lang: true } });
  const docId = { en: docs.find((d) => d.lang === "en")!.id, zh: docs.find((d) => d.lang === "zh")!.id };
  let size = opts.chunkPairs ?? IMPORT_CHUNK_PAIRS;
  for (let from = 0; from < total; ) {
    stopIfAsked();
    opts.onProgress?.(from, total, "storing pairs");
    const to = Math.min(total, from + size);
    const scores = scoreChunk(from, to);
    const t = performance.now();
    let opened = t;
    await db.$transaction(
      (tx) => {
        opened = performance.now();
        return storeChunk(tx, staged.bitextId, docId, corpus, scores, beads, [from, to], actorId);
      },
      { timeout: 30_000, maxWait: 30_000 },
    );
    const end = performance.now();
    const held = end - opened;
    opts.onChunk?.(end - t, held);
    from = to;
    if (opts.chunkPairs === undefined) size = nextChunkSize(size, held);
    const pause = Math.max(opts.pauseMs ?? IMPORT_PAUSE_MS, (held * (1 - IMPORT_LOCK_SHARE)) / IMPORT_LOCK_SHARE);
    await new Promise((r) => setTimeout(r, pause));
  }
  stopIfAsked();
  opts.onProgress?.(total, total, "storing pairs");
  // the one switch: only now is the document pair listed, reviewable and exported
  await db.bitext.update({
    where: { id: staged.bitextId },
    data: { status: "ready", alignedMode: "parallel", modeReason: `imported from ${corpus.sourceName}` },
  });
  return { projectId: staged.projectId, bitextId: staged.bitextId, pairs: total };
}

/** Deletes the stored pairs and sentences of a staged document pair, a chunk per statement (the staged pair itself stays). */
export async function clearStagedRows(db: Db, bitextId: number) {
  const docs = (await db.document.findMany({ where: { bitextId }, select: { id: true } })).map((d) => d.id);
  // sentences first (their corrections go with them), then the pairs (their flags go with them)
  for (;;) {
    const ids = (await db.sentence.findMany({ where: { documentId: { in: docs } }, select: { id: true }, take: DISCARD_CHUNK_ROWS })).map((s) => s.id);
    if (!ids.length) break;
    await db.sentence.deleteMany({ where: { id: { in: ids } } });
  }
  for (;;) {
    const ids = (await db.alignmentPair.findMany({ where: { bitextId }, select: { id: true }, take: DISCARD_CHUNK_ROWS })).map((p) => p.id);
    if (!ids.length) break;
    await db.alignmentPair.deleteMany({ where: { id: { in: ids } } });
  }
}

/**
 * Removes a staged import entirely: its rows (in chunks), the document pair, and the project
 * when it was made for this import and holds nothing else. Jobs that point at the document pair
 * are kept as a record (detached), not deleted with it. Never touches a document pair that is
 * no longer "importing".
 */
export async function discardStagedImport(db: Db, staged: StagedImport) {
  const bitext = await db.bitext.findUnique({ where: { id: staged.bitextId }, select: { status: true } });
  if (bitext && bitext.status !== IMPORTING) return false;
  if (bitext) await clearStagedRows(db, staged.bitextId);
  await db.$transaction(async (tx) => {
    await tx.job.updateMany({ where: { bitextId: staged.bitextId }, data: { bitextId: null } });
    await tx.bitext.deleteMany({ where: { id: staged.bitextId, status: IMPORTING } });
    if (staged.createdProject && (await tx.bitext.count({ where: { projectId: staged.projectId } })) === 0) {
      await tx.project.deleteMany({ where: { id: staged.projectId } });
    }
  });
  return true;
}

/**
 * Stores an alignment directly (the CLI, benchmarks, tests): stage, chunks, switch — the same
 * chunked store as the import job. On any error (or a cancel) nothing of it is left.
 */
export async function importAlignedCorpus(db: Db, req: ImportRequest, pairs: CorpusPair[], sourceName: string, actorId: number | null = null, opts: StoreOptions = {}) {
  const corpus = orderAlignedCorpus(pairs, sourceName);
  const staged = await stageAlignedImport(db, req, corpus, actorId);
  try {
    return await storeStagedImport(db, staged, corpus, actorId, opts);
  } catch (err) {
    await discardStagedImport(db, staged);
    throw err;
  }
}

// Streams the corrected corpus out of the database page by page, so exports of any size
// run in bounded memory. Corrections and alignment fixes are applied; flags and notes ride along.
// A project export covers every aligned document pair of the project, one after the other;
// large ones run as an `export` job (runExportJob) whose output any app instance can serve.
import fs from "node:fs";
import path from "node:path";
import type { Db } from "./client";
import { PROJECT_ROOT } from "./config";
import { currentText } from "./review/core";
import type { CorpusAuthorship, CorpusFlag, CorpusPair, CorpusDocMeta, ExportFilter } from "../formats/model";
import { spanOf } from "./review/view";
import { EXPORT_FORMATS, exportCorpus, passesFilter, pipeToWritable, type CorpusDocuments, type ExportFormat, type ExportOptions } from "../formats";

const PAGE = 500;

export class ExportNotFoundError extends Error {
  override name = "ExportNotFoundError";
}

/** A project by numeric id or exact name. */
export async function findProject(db: Db, nameOrId: string) {
  const asId = /^\d+$/.test(nameOrId) ? Number(nameOrId) : null;
  const project =
    (asId !== null ? await db.project.findUnique({ where: { id: asId } }) : null) ??
    (await db.project.findUnique({ where: { name: nameOrId } }));
  if (!project) throw new ExportNotFoundError(`No project "${nameOrId}"`);
  return project;
}

export async function exportMeta(db: Db, projectId: number, bitextId?: number): Promise<CorpusDocMeta> {
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId } });
  const bitext = bitextId ? await db.bitext.findUnique({ where: { id: bitextId } }) : null;
  return { title: bitext?.title ?? project.name, project: project.name, srcLang: "zh", created: new Date() };
}

/** The pairs of one document pair, or of every document pair of a project, in reading order. */
export async function* corpusPairs(db: Db, scope: { projectId: number; bitextId?: number }): AsyncGenerator<CorpusPair> {
  const bitexts = await db.bitext.findMany({
    where: { projectId: scope.projectId, ...(scope.bitextId ? { id: scope.bitextId } : {}), status: "ready" },
    // Positions can tie (two imports at once); the id keeps the order stable.
    orderBy: [{ position: "asc" }, { id: "asc" }],
    select: { id: true, title: true, documents: { select: { id: true, lang: true } } },
  });
  if (scope.bitextId && bitexts.length === 0) throw new ExportNotFoundError(`No aligned document pair ${scope.bitextId} in this project`);
  let position = 0;
  const names = new UserNames(db);
  // Sentence indices and paragraph numbers restart in every document pair. A project export
  // writes all of them as one corpus, so each document pair's numbers are shifted past the
  // previous ones: otherwise the InterText writer (which orders sentences by index) would
  // interleave documents and merge their paragraphs.
  const offset = { en: { index: 0, paragraph: 0 }, zh: { index: 0, paragraph: 0 } };
  for (const { id: bitextId, title, documents } of bitexts) {
    const shift = { en: { ...offset.en }, zh: { ...offset.zh } };
    for (const d of documents) {
      if (d.lang !== "en" && d.lang !== "zh") continue;
      const agg = await db.sentence.aggregate({ where: { documentId: d.id }, _max: { position: true, paragraph: true } });
      offset[d.lang].index += (agg._max.position ?? -1) + 1;
      offset[d.lang].paragraph += (agg._max.paragraph ?? -1) + 1;
    }
    const aligned = await alignmentAuthor(db, bitextId);
    let after = -1;
    for (;;) {
      const page = await db.alignmentPair.findMany({
        where: { bitextId, position: { gt: after } },
        orderBy: { position: "asc" },
        take: PAGE,
        include: {
          sentences: {
            orderBy: { position: "asc" },
            include: { corrections: true, document: { select: { lang: true } } },
          },
          flags: { orderBy: { id: "asc" } },
        },
      });
      if (page.length === 0) break;
      const authors = await pageAuthorship(db, bitextId, page, aligned, names);
      for (const p of page) {
        const side = (lang: "en" | "zh") =>
          p.sentences
            .filter((s) => s.document.lang === lang && !s.excluded)
            .map((s) => {
              const text = currentText(s);
              const o = shift[lang];
              return { text, ...(text !== s.text ? { original: s.text } : {}), paragraph: s.paragraph + o.paragraph, index: s.position + o.index };
            });
        const en = side("en");
        const zh = side("zh");
        if (en.length === 0 && zh.length === 0) continue; // web clutter only
        yield {
          position: position++,
          en,
          zh,
          status: p.status as CorpusPair["status"],
          score: p.score,
          confidence: p.confidence,
          parts: p.scoreDetails ?? undefined,
          flags: p.flags.map((f) => corpusFlag(f, p.sentences)),
          document: title,
          ...authors.get(p.id),
        };
      }
      after = page[page.length - 1].position;
    }
  }
}

/**
 * A stored flag as exported. A span names its sentence by index among the pair's exported
 * (non-excluded) sentences of its side; a span on a sentence that is not exported (excluded, or
 * moved to another pair) is left out, the flag kept.
 */
function corpusFlag(
  f: { category: string; severity: string; note: string; source: string; resolved: boolean } & Parameters<typeof spanOf>[0],
  sentences: { id: number; excluded: boolean; document: { lang: string } }[],
): CorpusFlag {
  const out: CorpusFlag = { category: f.category, severity: f.severity, note: f.note, source: f.source, resolved: f.resolved };
  const span = spanOf(f);
  if (!span) return out;
  const index = sentences.filter((s) => s.document.lang === span.side && !s.excluded).findIndex((s) => s.id === span.sentenceId);
  if (index < 0) return out;
  out.span = { side: span.side, sentence: index, start: span.start, end: span.end, text: span.text, ...(span.detached ? { detached: true } : {}) };
  return out;
}

/**
 * The corpus of a project (or one document pair) document pair by document pair, each with
 * its own pair numbers, sentence indices and paragraphs (InterText writes one file set each).
 */
export async function corpusDocuments(db: Db, scope: { projectId: number; bitextId?: number }): Promise<CorpusDocuments> {
  const bitexts = await db.bitext.findMany({
    where: { projectId: scope.projectId, ...(scope.bitextId ? { id: scope.bitextId } : {}), status: "ready" },
    orderBy: [{ position: "asc" }, { id: "asc" }],
    select: { id: true, title: true },
  });
  if (scope.bitextId && bitexts.length === 0) throw new ExportNotFoundError(`No aligned document pair ${scope.bitextId} in this project`);
  async function* documents() {
    for (const b of bitexts) yield { title: b.title, pairs: corpusPairs(db, { projectId: scope.projectId, bitextId: b.id }) };
  }
  return { documents: documents() };
}

/** What an export of this format reads: InterText document by document, the others as one stream. */
export async function exportSource(db: Db, format: ExportFormat, scope: { projectId: number; bitextId?: number }) {
  return format === "intertext" ? corpusDocuments(db, scope) : corpusPairs(db, scope);
}

// ---------------------------------------------------------------------------
// Recorded authors (TMX creationid/changeid)

/** User names by id, read once per export. */
class UserNames {
  private known = new Map<number, string | undefined>();
  constructor(private readonly db: Db) {}
  async load(ids: Iterable<number | null>) {
    const want = [...new Set(ids)].filter((id): id is number => id !== null && !this.known.has(id));
    if (!want.length) return;
    const users = await this.db.user.findMany({ where: { id: { in: want } }, select: { id: true, name: true, email: true } });
    for (const id of want) {
      const u = users.find((x) => x.id === id);
      this.known.set(id, u ? u.name || u.email : undefined);
    }
  }
  get(id: number | null): string | undefined {
    return id === null ? undefined : this.known.get(id);
  }
}

/** Who produced the document pair's alignment (its last alignment, else its creation: imports), and when. */
async function alignmentAuthor(db: Db, bitextId: number) {
  const row =
    (await db.auditLog.findFirst({ where: { bitextId, entityType: "bitext", action: "align" }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] })) ??
    (await db.auditLog.findFirst({ where: { bitextId, entityType: "bitext", action: "create" }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] }));
  // An alignment writes its pairs before its audit row; an import writes its "create" row first
  // and its pairs after it, in the same transaction.
  return row ? { actorId: row.actorId, at: row.createdAt, until: new Date(row.createdAt.getTime() + (row.action === "create" ? SAME_CHANGE_MS : 0)) } : null;
}

/** Slack between a pair's creation and the audit row of the change that made it (same transaction). */
const SAME_CHANGE_MS = 60_000;

/**
 * Who made each pair of a page and who changed it last, from the audit log: the change is the
 * newest recorded change of the pair, its flags or its sentences (corrections, exclusions); the
 * maker is the author of the alignment, or, for a pair made later (a split, a re-alignment),
 * the author of the first change recorded once it existed.
 */
async function pageAuthorship(
  db: Db,
  bitextId: number,
  page: { id: number; createdAt: Date; updatedAt: Date; updatedById: number | null; sentences: { id: number }[]; flags: { id: number }[] }[],
  aligned: { actorId: number | null; until: Date } | null,
  names: UserNames,
): Promise<Map<number, { created?: CorpusAuthorship; changed?: CorpusAuthorship }>> {
  const pairOf = { pair: new Map<number, number>(), flag: new Map<number, number>(), sentence: new Map<number, number>() };
  for (const p of page) {
    pairOf.pair.set(p.id, p.id);
    for (const f of p.flags) pairOf.flag.set(f.id, p.id);
    for (const s of p.sentences) pairOf.sentence.set(s.id, p.id);
  }
  const rows = await db.auditLog.findMany({
    where: {
      bitextId,
      OR: (["pair", "flag", "sentence"] as const)
        .filter((t) => pairOf[t].size > 0)
        .map((t) => ({ entityType: t, entityId: { in: [...pairOf[t].keys()] } })),
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { entityType: true, entityId: true, actorId: true, createdAt: true },
  });
  const last = new Map<number, { actorId: number | null; at: Date }>();
  for (const r of rows) {
    const pairId = pairOf[r.entityType as keyof typeof pairOf]?.get(r.entityId ?? -1);
    if (pairId !== undefined) last.set(pairId, { actorId: r.actorId, at: r.createdAt });
  }
  // pairs made after the alignment: the change that made them
  const makers = new Map<number, { actorId: number | null; at: Date }>();
  for (const p of page) {
    if (aligned && p.createdAt.getTime() <= aligned.until.getTime()) continue;
    const r = await db.auditLog.findFirst({
      where: { bitextId, createdAt: { gte: p.createdAt, lte: new Date(p.createdAt.getTime() + SAME_CHANGE_MS) } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { actorId: true, createdAt: true },
    });
    if (r) makers.set(p.id, { actorId: r.actorId, at: p.createdAt });
    else if (p.updatedById !== null) makers.set(p.id, { actorId: p.updatedById, at: p.createdAt });
  }
  await names.load([aligned?.actorId ?? null, ...[...last.values(), ...makers.values()].map((x) => x.actorId)]);
  const out = new Map<number, { created?: CorpusAuthorship; changed?: CorpusAuthorship }>();
  for (const p of page) {
    const maker = makers.get(p.id) ?? (aligned ? { actorId: aligned.actorId, at: p.createdAt } : { actorId: null, at: p.createdAt });
    const created: CorpusAuthorship = { at: p.createdAt, ...(names.get(maker.actorId) ? { by: names.get(maker.actorId) } : {}) };
    const change = last.get(p.id);
    const changed: CorpusAuthorship | undefined = change ? { at: change.at, ...(names.get(change.actorId) ? { by: names.get(change.actorId) } : {}) } : undefined;
    out.set(p.id, { created, ...(changed ? { changed } : {}) });
  }
  return out;
}

// ---------------------------------------------------------------------------
// What each filter keeps (the export dialog)

export interface ExportCounts {
  /** pairs the export would hold with no filter (the format's own gap rule applied) */
  all: number;
  /** with every chosen filter */
  kept: number;
  /** with each filter alone */
  each: { confirmedOnly: number; minScore: number; minConfidence: number; dropOpenMajorFlags: number };
}

/**
 * How many pairs an export keeps: with no filter, with each filter alone and with all the
 * chosen ones, by the exporters' own rule (passesFilter) over the pairs' status, score,
 * confidence, sides (excluded clutter left out) and open flags. Moses also drops pairs whose
 * side is only blank after cleaning; that rare case is not counted here.
 */
export async function exportCounts(db: Db, scope: { projectId: number; bitextId?: number }, format: ExportFormat, filter: ExportFilter): Promise<ExportCounts> {
  const includeGaps = format === "moses" ? false : (filter.includeGaps ?? format === "intertext");
  const bitexts = await db.bitext.findMany({
    where: { projectId: scope.projectId, ...(scope.bitextId ? { id: scope.bitextId } : {}), status: "ready" },
    select: { id: true, documents: { select: { id: true, lang: true } } },
  });
  const counts: ExportCounts = { all: 0, kept: 0, each: { confirmedOnly: 0, minScore: 0, minConfidence: 0, dropOpenMajorFlags: 0 } };
  const base = { includeGaps };
  for (const b of bitexts) {
    const en = b.documents.find((d) => d.lang === "en")?.id;
    const [pairs, sentences] = await Promise.all([
      db.alignmentPair.findMany({
        where: { bitextId: b.id },
        select: { id: true, status: true, score: true, confidence: true, flags: { where: { resolved: false }, select: { severity: true, category: true, note: true } } },
      }),
      db.sentence.findMany({ where: { documentId: { in: b.documents.map((d) => d.id) }, excluded: false, pairId: { not: null } }, select: { pairId: true, documentId: true } }),
    ]);
    const sides = new Map<number, { en: number; zh: number }>();
    for (const s of sentences) {
      const c = sides.get(s.pairId!) ?? { en: 0, zh: 0 };
      if (s.documentId === en) c.en++;
      else c.zh++;
      sides.set(s.pairId!, c);
    }
    for (const p of pairs) {
      const side = sides.get(p.id);
      if (!side) continue; // web clutter only: never exported
      const pair: CorpusPair = {
        position: 0,
        en: Array.from({ length: side.en }, () => ({ text: "" })),
        zh: Array.from({ length: side.zh }, () => ({ text: "" })),
        status: p.status as CorpusPair["status"],
        score: p.score,
        confidence: p.confidence,
        flags: p.flags.map((f) => ({ ...f, resolved: false })),
      };
      if (!passesFilter(pair, base)) continue;
      counts.all++;
      if (passesFilter(pair, { ...base, confirmedOnly: true })) counts.each.confirmedOnly++;
      if (passesFilter(pair, { ...base, minScore: filter.minScore ?? 0 })) counts.each.minScore++;
      if (passesFilter(pair, { ...base, minConfidence: filter.minConfidence ?? 0 })) counts.each.minConfidence++;
      if (passesFilter(pair, { ...base, dropOpenMajorFlags: true })) counts.each.dropOpenMajorFlags++;
      if (passesFilter(pair, { ...filter, includeGaps })) counts.kept++;
    }
  }
  return counts;
}

// ---------------------------------------------------------------------------
// Large exports as jobs

/** Exports of more pairs than this run as an `export` job instead of streaming from the request. */
export const EXPORT_JOB_THRESHOLD = 20_000;
/**
 * Where a finished export job keeps its output. Small outputs (up to INLINE_EXPORT_BYTES)
 * go into Job.result itself, base64: every app instance reads the database, so any of them
 * can serve the download, and nothing is left on disk. Larger ones would bloat the jobs
 * table (and every query that reads a job row), so they are written to
 * `<exportDir>/<jobId>.<ext>` instead; with several app instances on several machines that
 * folder must be shared storage (a mounted volume), since the instance that serves the
 * download may not be the machine whose worker wrote it. The schema has no blob table for
 * exports; if it gets one, only storeExportOutput and openExportDownload change.
 */
export const INLINE_EXPORT_BYTES = 256 * 1024;
/** Export files older than this are removed when another export is written. */
export const EXPORT_KEEP_MS = 7 * 24 * 3600_000;

export function exportDir(): string {
  return process.env.PARALLAX_EXPORT_DIR ?? path.join(PROJECT_ROOT, "data", "exports");
}

export interface ExportJobPayload {
  projectId: number;
  format: ExportFormat;
  bitextId?: number;
  /** the filters and the format's options (TMX languages, score parts) */
  filter?: ExportOptions;
}

export interface ExportJobResult {
  fileName: string;
  contentType: string;
  bytes: number;
  /** pairs read from the database (before the filter) */
  pairs: number;
  /** document pairs in the export */
  documentPairs: number;
  /** document pairs of the project left out because they are not aligned (yet) */
  leftOut: { id: number; title: string; status: string }[];
  storage: "inline" | "file";
  /** base64 of the output when storage is "inline" */
  inline?: string;
  /** file name inside exportDir() when storage is "file" */
  file?: string;
}

/** What an export of this scope covers: its size decides between streaming and a job. */
export async function exportScope(db: Db, projectId: number, bitextId?: number) {
  const bitexts = await db.bitext.findMany({
    where: { projectId, ...(bitextId ? { id: bitextId } : {}) },
    orderBy: [{ position: "asc" }, { id: "asc" }],
    select: { id: true, title: true, status: true, _count: { select: { pairs: true } } },
  });
  const ready = bitexts.filter((b) => b.status === "ready");
  return {
    pairs: ready.reduce((n, b) => n + b._count.pairs, 0),
    documentPairs: ready.length,
    leftOut: bitexts.filter((b) => b.status !== "ready").map(({ id, title, status }) => ({ id, title, status })),
  };
}

export function isExportJobPayload(p: unknown): p is ExportJobPayload {
  const x = p as ExportJobPayload | null;
  return !!x && Number.isInteger(x.projectId) && typeof x.format === "string" && x.format in EXPORT_FORMATS;
}

/**
 * Runs an export job: streams the corpus to a temporary file, then keeps it inline or as a
 * file (see INLINE_EXPORT_BYTES). Progress is pairs read over pairs in scope.
 */
export async function runExportJob(
  db: Db,
  jobId: number,
  payload: ExportJobPayload,
  opts: { dir?: string; signal?: AbortSignal; onProgress?: (done: number, total: number, stage: string) => void; inlineMaxBytes?: number } = {},
): Promise<ExportJobResult> {
  if (!isExportJobPayload(payload)) throw new Error("export job without a project and a known format");
  const { projectId, format, bitextId, filter } = payload;
  if (!(await db.project.findUnique({ where: { id: projectId } }))) throw new ExportNotFoundError(`Project ${projectId} does not exist`);
  const scope = await exportScope(db, projectId, bitextId);
  const meta = await exportMeta(db, projectId, bitextId);
  let read = 0;
  async function* counted(source: AsyncIterable<CorpusPair>) {
    for await (const p of source) {
      if (opts.signal?.aborted) throw new Error("cancelled");
      read++;
      if (read % 500 === 0) opts.onProgress?.(read, Math.max(read, scope.pairs), "writing the export");
      yield p;
    }
  }
  const source = await exportSource(db, format, { projectId, bitextId });
  const counting =
    "documents" in source
      ? {
          documents: (async function* () {
            for await (const d of source.documents as AsyncIterable<{ title: string; pairs: AsyncIterable<CorpusPair> }>) yield { title: d.title, pairs: counted(d.pairs) };
          })(),
        }
      : counted(source);
  const { chunks, fileName, contentType } = exportCorpus(format, counting, meta, filter ?? {});
  const dir = opts.dir ?? exportDir();
  fs.mkdirSync(dir, { recursive: true });
  const file = `${jobId}.${EXPORT_FORMATS[format].extension}`;
  const tmp = path.join(dir, `${file}.partial`);
  let bytes: number;
  try {
    bytes = await pipeToWritable(chunks, fs.createWriteStream(tmp));
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  const base = { fileName, contentType, bytes, pairs: read, documentPairs: scope.documentPairs, leftOut: scope.leftOut };
  pruneExportFiles(dir);
  if (bytes <= (opts.inlineMaxBytes ?? INLINE_EXPORT_BYTES)) {
    const inline = fs.readFileSync(tmp).toString("base64");
    fs.rmSync(tmp, { force: true });
    return { ...base, storage: "inline", inline };
  }
  fs.renameSync(tmp, path.join(dir, file)); // never a half-written file under the real name
  return { ...base, storage: "file", file };
}

function pruneExportFiles(dir: string, now = Date.now()) {
  for (const name of fs.readdirSync(dir)) {
    const full = path.join(dir, name);
    try {
      if (now - fs.statSync(full).mtimeMs > EXPORT_KEEP_MS) fs.rmSync(full, { force: true });
    } catch {
      /* removed by another worker meanwhile */
    }
  }
}

export class ExportNotReadyError extends Error {
  override name = "ExportNotReadyError";
}

/** The output of a finished export job, for the download route. */
export async function openExportDownload(db: Db, jobId: number, dir = exportDir()) {
  const job = await db.job.findUnique({ where: { id: jobId } });
  if (!job || job.type !== "export") throw new ExportNotFoundError(`No export job ${jobId}`);
  if (job.status !== "done") throw new ExportNotReadyError(`Export job ${jobId} is ${job.status}${job.error ? `: ${job.error}` : ""}`);
  const r = job.result as unknown as ExportJobResult;
  const payload = job.payload as unknown as ExportJobPayload;
  const head = { fileName: r.fileName, contentType: r.contentType, bytes: r.bytes, projectId: payload.projectId };
  if (r.storage === "inline" && r.inline !== undefined) return { ...head, body: Buffer.from(r.inline, "base64") as Buffer | fs.ReadStream };
  // The name is ours (job id + extension), but never follow anything that leaves the folder.
  const file = path.join(dir, path.basename(r.file ?? ""));
  if (!r.file || !fs.existsSync(file)) {
    throw new ExportNotFoundError(`The file of export job ${jobId} is gone (exports are kept ${EXPORT_KEEP_MS / 86_400_000} days): export again`);
  }
  return { ...head, body: fs.createReadStream(file) as Buffer | fs.ReadStream };
}

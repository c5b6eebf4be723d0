// Streams the corrected corpus out of the database page by page, so exports of any size
// run in bounded memory. Corrections and alignment fixes are applied; flags and notes ride along.
// A project export covers every aligned document pair of the project, one after the other;
// large ones run as an `export` job (runExportJob) whose output any app instance can serve.
import fs from "node:fs";
import path from "node:path";
import type { Db } from "./client";
import { PROJECT_ROOT } from "./config";
import { currentText } from "./review/core";
import type { CorpusPair, CorpusDocMeta, ExportFilter } from "../formats/model";
import { EXPORT_FORMATS, exportCorpus, pipeToWritable, type ExportFormat } from "../formats";

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
          flags: p.flags.map((f) => ({ category: f.category, severity: f.severity, note: f.note, source: f.source, resolved: f.resolved })),
          document: title,
        };
      }
      after = page[page.length - 1].position;
    }
  }
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
  filter?: ExportFilter;
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
  const source = corpusPairs(db, { projectId, bitextId });
  async function* counted() {
    for await (const p of source) {
      if (opts.signal?.aborted) throw new Error("cancelled");
      read++;
      if (read % 500 === 0) opts.onProgress?.(read, Math.max(read, scope.pairs), "writing the export");
      yield p;
    }
  }
  const { chunks, fileName, contentType } = exportCorpus(format, counted(), meta, filter ?? {});
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

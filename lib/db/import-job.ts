// Aligned imports as jobs. The request reads and checks the upload (a bad file is a 400 at
// once), keeps the files under importDir(), stages the document pair ("importing") and queues
// an `import` job, all before it answers 202. The worker reads the files again, scores and
// stores the pairs in chunks (lib/db/import-aligned.ts) and removes the files. A cancelled
// import, or one that failed its last attempt, is discarded: its rows, its document pair, the
// project made for it, its files.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Db } from "./client";
import { PROJECT_ROOT } from "./config";
import type { ImportRequest } from "./import";
import { enqueueJob, MAX_ATTEMPTS, STALE_AFTER_MS } from "./jobs";
import {
  clearStagedRows,
  discardStagedImport,
  IMPORTING,
  orderAlignedCorpus,
  stageAlignedImport,
  storeStagedImport,
  type StagedImport,
  type StoreOptions,
} from "./import-aligned";
import { readAlignmentUpload, type UploadedFile } from "../formats";
import type { CorpusPair } from "../formats/model";

/**
 * Where queued imports keep their uploads until their job has run. With several app
 * instances on several machines this folder must be shared storage, as for exports.
 */
export function importDir(): string {
  return process.env.PARALLAX_IMPORT_DIR ?? path.join(PROJECT_ROOT, "data", "imports");
}

export interface ImportJobPayload {
  /** folder name inside importDir() */
  upload: string;
  files: { name: string; file: string }[];
  sourceName: string;
  /** the project of the staged pair (not `projectId`: the job's project is its document pair's) */
  project: number;
  createdProject: boolean;
}

function isImportJobPayload(p: unknown): p is ImportJobPayload {
  const x = p as ImportJobPayload | null;
  return !!x && typeof x.upload === "string" && Array.isArray(x.files) && Number.isInteger(x.project);
}

function uploadFolder(upload: string, dir = importDir()) {
  // the name is ours (random hex), but never follow anything that leaves the folder
  return path.join(dir, path.basename(upload));
}

function removeUpload(upload: string, dir?: string) {
  fs.rmSync(uploadFolder(upload, dir), { recursive: true, force: true });
}

/**
 * The request's part: the parsed upload is staged and its files kept for the job, and the job
 * queued; a failure at any step leaves neither the document pair nor the files.
 */
export async function queueAlignedImport(
  db: Db,
  req: ImportRequest,
  files: UploadedFile[],
  pairs: CorpusPair[],
  actorId: number | null,
  dir = importDir(),
) {
  const sourceName = files.map((f) => f.name).join(", ");
  const corpus = orderAlignedCorpus(pairs, sourceName);
  const upload = crypto.randomBytes(12).toString("hex");
  const folder = uploadFolder(upload, dir);
  fs.mkdirSync(folder, { recursive: true });
  try {
    const stored = files.map((f, i) => {
      const file = `${i}${path.extname(f.name).toLowerCase().replace(/[^.a-z0-9]/g, "")}`;
      fs.writeFileSync(path.join(folder, file), f.bytes);
      return { name: f.name, file };
    });
    const staged = await stageAlignedImport(db, req, corpus, actorId);
    const payload: ImportJobPayload = { upload, files: stored, sourceName, project: staged.projectId, createdProject: staged.createdProject };
    try {
      const job = await enqueueJob(db, { type: "import", bitextId: staged.bitextId, payload, createdById: actorId });
      return { ...staged, job, pairs: corpus.kept.length };
    } catch (err) {
      await discardStagedImport(db, staged);
      throw err;
    }
  } catch (err) {
    fs.rmSync(folder, { recursive: true, force: true });
    throw err;
  }
}

type ImportJob = { id: number; bitextId: number | null; payload: unknown; createdById: number | null };

const stagedOf = (job: ImportJob, p: ImportJobPayload): StagedImport => ({ projectId: p.project, bitextId: job.bitextId!, createdProject: p.createdProject });

/** The worker's part: read the files again, store in chunks, switch; then queue the checks. */
export async function runImportJob(db: Db, job: ImportJob, opts: StoreOptions & { dir?: string } = {}) {
  const p = job.payload;
  if (!isImportJobPayload(p) || job.bitextId == null) throw new Error("import job without its upload and document pair");
  const bitext = await db.bitext.findUnique({ where: { id: job.bitextId }, select: { status: true } });
  if (!bitext) throw new Error("the staged document pair of this import is gone");
  if (bitext.status !== IMPORTING) return { projectId: p.project, bitextId: job.bitextId, alreadyStored: true }; // switched before a worker died
  opts.onProgress?.(0, 1, "reading the file");
  const folder = uploadFolder(p.upload, opts.dir);
  if (!fs.existsSync(folder)) throw new Error("the uploaded file of this import is gone: import it again");
  const files = p.files.map((f) => ({ name: f.name, bytes: new Uint8Array(fs.readFileSync(path.join(folder, path.basename(f.file)))) }));
  const corpus = orderAlignedCorpus(readAlignmentUpload(files).pairs, p.sourceName);
  await clearStagedRows(db, job.bitextId); // an earlier attempt's rows, if one stopped half-way
  const result = await storeStagedImport(db, stagedOf(job, p), corpus, job.createdById, opts);
  removeUpload(p.upload, opts.dir);
  // the automatic checks run as a job of their own, as after any import
  const checks = await enqueueJob(db, { type: "checks", bitextId: job.bitextId, createdById: job.createdById });
  return { ...result, checksJob: checks.id };
}

/**
 * After an import job stopped without finishing (the worker calls this before it fails,
 * releases or lets go of the job): cancelled, or failed for the last time, it is discarded;
 * released or to be retried, its stored rows are cleared and the staged pair waits; a job this
 * worker lost to another is left alone (that worker may be storing it now).
 */
export async function afterImportStopped(db: Db, jobId: number, workerId: string, dir?: string) {
  const job = await db.job.findUnique({ where: { id: jobId } });
  if (!job || job.bitextId == null || !isImportJobPayload(job.payload)) return;
  const staged = stagedOf(job, job.payload);
  const mine = job.status === "running" && job.lockedBy === workerId;
  if (job.status === "cancelled" || (mine && job.attempts >= MAX_ATTEMPTS)) {
    await discardStagedImport(db, staged);
    removeUpload(job.payload.upload, dir);
  } else if (mine) {
    await clearStagedRows(db, job.bitextId);
  }
}

/**
 * Imports whose job was cancelled before a worker took it (or whose worker died after a
 * cancel) still have a staged document pair and files: any worker discards them a while after.
 */
export async function sweepAbandonedImports(db: Db, now = Date.now(), dir?: string, jobId?: number) {
  const abandoned = await db.job.findMany({
    where: {
      ...(jobId !== undefined ? { id: jobId } : {}),
      type: "import",
      status: { in: ["cancelled", "failed"] },
      bitextId: { not: null },
      OR: [{ startedAt: null }, { finishedAt: { lt: new Date(now - STALE_AFTER_MS) } }],
    },
    select: { id: true, bitextId: true, payload: true, createdById: true },
  });
  for (const job of abandoned) {
    if (!isImportJobPayload(job.payload)) continue;
    await discardStagedImport(db, stagedOf(job, job.payload));
    removeUpload(job.payload.upload, dir);
  }
  return abandoned.length;
}

/** Upload folders no queued or running import needs are removed once they are this old. */
export const ORPHAN_UPLOAD_MS = 24 * 3600_000;

/**
 * Removes upload folders that no queued or running import job refers to (their job row was
 * lost with a restored or throw-away database, say) once they are ORPHAN_UPLOAD_MS old.
 */
export async function removeOrphanUploads(db: Db, now = Date.now(), dir = importDir()) {
  if (!fs.existsSync(dir)) return 0;
  const active = await db.job.findMany({ where: { type: "import", status: { in: ["queued", "running"] } }, select: { payload: true } });
  const needed = new Set(active.map((j) => (isImportJobPayload(j.payload) ? j.payload.upload : "")));
  let removed = 0;
  for (const name of fs.readdirSync(dir)) {
    const full = path.join(dir, name);
    try {
      if (needed.has(name) || now - fs.statSync(full).mtimeMs < ORPHAN_UPLOAD_MS) continue;
      fs.rmSync(full, { recursive: true, force: true });
      removed++;
    } catch {
      /* removed by another worker meanwhile */
    }
  }
  return removed;
}

/** A cancelled import that no worker ever started (startedAt unset) is discarded at once. */
export const discardUnstartedImport = (db: Db, jobId: number) => sweepAbandonedImports(db, 0, undefined, jobId);

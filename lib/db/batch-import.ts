// Batch import: every readable pair of a batch (lib/import/batch.ts) becomes a document pair
// (title = its name) with an alignment job, all in one transaction, so a batch is either
// queued whole or not at all. The batch progress view is the project's document pairs with
// the state of their latest job (the schema has no batch table; a project is the batch).
import type { Db } from "./client";
import { createBitextIn } from "./bitexts";
import { enqueueJob, MAX_ATTEMPTS, retryJob, JobStateError } from "./jobs";
import type { AlignMode } from "./vocabulary";
import type { BatchFileReport, BatchReport } from "../import/batch";

export class BatchImportError extends Error {
  override name = "BatchImportError";
}

export interface BatchImportRequest {
  projectId?: number;
  projectName?: string;
  /** With projectName: create the project when there is none of that name (the CLI). */
  createProject?: boolean;
  mode?: AlignMode;
}

export interface BatchImportResult {
  projectId: number;
  projectName: string;
  projectCreated: boolean;
  created: { name: string; bitextId: number; jobId: number }[];
  files: BatchFileReport[];
  warnings: { name: string; warnings: string[] }[];
}

export async function importBatch(db: Db, req: BatchImportRequest, report: BatchReport, actorId: number | null = null): Promise<BatchImportResult> {
  const files = report.files.map((f) => ({ ...f }));
  const mode = req.mode ?? "auto";
  return db.$transaction(
    async (tx) => {
      let project = req.projectId !== undefined ? await tx.project.findUnique({ where: { id: req.projectId } }) : null;
      if (req.projectId !== undefined && !project) throw new BatchImportError(`Project ${req.projectId} does not exist`);
      let projectCreated = false;
      if (!project) {
        const name = req.projectName?.trim();
        if (!name) throw new BatchImportError("Choose a project or name a new one");
        project = await tx.project.findUnique({ where: { name } });
        if (!project) {
          if (!req.createProject) throw new BatchImportError(`No project named "${name}"`);
          project = await tx.project.create({ data: { name } });
          projectCreated = true;
          if (actorId !== null) await tx.projectMember.create({ data: { projectId: project.id, userId: actorId, role: "owner" } });
          await tx.auditLog.create({
            data: { projectId: project.id, entityType: "project", entityId: project.id, action: "create", actorId, after: { name } },
          });
        }
      }
      // Importing the same folder twice must not double the project: a name the project has
      // already is reported, not imported again.
      const existing = new Set((await tx.bitext.findMany({ where: { projectId: project.id }, select: { title: true } })).map((b) => b.title));
      const created: BatchImportResult["created"] = [];
      const warnings: BatchImportResult["warnings"] = [];
      for (const pair of report.pairs) {
        if (existing.has(pair.name)) {
          for (const f of files) {
            if (f.path === pair.en.path || f.path === pair.zh.path) {
              f.status = "exists";
              f.reason = `the project has a document pair "${pair.name}" already`;
            }
          }
          continue;
        }
        existing.add(pair.name);
        const bitext = await createBitextIn(
          tx,
          {
            projectId: project.id,
            title: pair.name,
            mode,
            en: { text: pair.en.text, sourceName: pair.en.path },
            zh: { text: pair.zh.text, sourceName: pair.zh.path },
          },
          actorId,
        );
        const job = await enqueueJob(tx, { type: "align", bitextId: bitext.id, payload: { mode, batch: true }, createdById: actorId });
        created.push({ name: pair.name, bitextId: bitext.id, jobId: job.id });
        if (pair.warnings.length) warnings.push({ name: pair.name, warnings: pair.warnings });
      }
      return { projectId: project.id, projectName: project.name, projectCreated, created, files, warnings };
    },
    // Hundreds of document pairs in one transaction: the default 5 s is for requests.
    { timeout: 300_000, maxWait: 30_000 },
  );
}

// ---------------------------------------------------------------------------
// Batch progress

export type BatchState = "aligned" | "running" | "queued" | "failed" | "cancelled" | "pending";

export interface BatchRow {
  bitextId: number;
  title: string;
  state: BatchState;
  bitextStatus: string;
  statusMessage: string | null;
  pairs: number;
  job: {
    id: number;
    type: string;
    status: string;
    progress: number;
    stage: string | null;
    error: string | null;
    attempts: number;
    maxAttempts: number;
    /** a failed attempt waiting out its backoff */
    retryAt: string | null;
  } | null;
}

export interface BatchStatus {
  projectId: number;
  rows: BatchRow[];
  counts: Record<BatchState, number> & { total: number };
  /** something is queued or running: the UI keeps polling */
  active: boolean;
  /** when the last job of the project was claimed or finished (a hint that a worker is alive) */
  lastActivity: string | null;
}

function stateOf(bitextStatus: string, job: BatchRow["job"]): BatchState {
  if (job?.status === "queued") return "queued";
  if (job?.status === "running") return "running";
  if (bitextStatus === "ready") return "aligned";
  if (job?.status === "failed" || bitextStatus === "failed") return "failed";
  if (job?.status === "cancelled") return "cancelled";
  return "pending";
}

/** Every document pair of the project with its latest job: the batch progress view. */
export async function batchStatus(db: Db, projectId: number): Promise<BatchStatus | null> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true } });
  if (!project) return null;
  const bitexts = await db.bitext.findMany({
    where: { projectId },
    orderBy: [{ position: "asc" }, { id: "asc" }],
    select: { id: true, title: true, status: true, statusMessage: true, _count: { select: { pairs: true } } },
  });
  // Latest job per document pair, from one query (a project has a few jobs per pair).
  const jobs = await db.job.findMany({
    where: { bitext: { projectId } },
    orderBy: { id: "asc" },
    select: { id: true, type: true, bitextId: true, status: true, progress: true, stage: true, error: true, attempts: true, runAfter: true, startedAt: true, finishedAt: true },
  });
  const latest = new Map<number, (typeof jobs)[number]>();
  let lastActivity = 0;
  for (const j of jobs) {
    if (j.bitextId !== null) latest.set(j.bitextId, j);
    lastActivity = Math.max(lastActivity, j.startedAt?.getTime() ?? 0, j.finishedAt?.getTime() ?? 0);
  }
  const counts = { aligned: 0, running: 0, queued: 0, failed: 0, cancelled: 0, pending: 0, total: bitexts.length };
  const now = Date.now();
  const rows = bitexts.map((b): BatchRow => {
    const j = latest.get(b.id);
    const job = j
      ? {
          id: j.id,
          type: j.type,
          status: j.status,
          progress: j.progress,
          stage: j.stage,
          error: j.error,
          attempts: j.attempts,
          maxAttempts: MAX_ATTEMPTS,
          retryAt: j.status === "queued" && j.attempts > 0 && j.runAfter.getTime() > now ? j.runAfter.toISOString() : null,
        }
      : null;
    const state = stateOf(b.status, job);
    counts[state]++;
    return { bitextId: b.id, title: b.title, state, bitextStatus: b.status, statusMessage: b.statusMessage, pairs: b._count.pairs, job };
  });
  return {
    projectId,
    rows,
    counts,
    active: counts.queued + counts.running > 0,
    lastActivity: lastActivity ? new Date(lastActivity).toISOString() : null,
  };
}

/** Cancels every queued or running job of the project's document pairs. */
export async function cancelProjectJobs(db: Db, projectId: number) {
  const { count } = await db.job.updateMany({
    where: { bitext: { projectId }, status: { in: ["queued", "running"] } },
    data: { status: "cancelled", finishedAt: new Date(), lockedBy: null, stage: "cancelled" },
  });
  return count;
}

/** Retries the latest job of every document pair whose latest job failed or was cancelled. */
export async function retryProjectJobs(db: Db, projectId: number, actorId: number | null = null) {
  const status = await batchStatus(db, projectId);
  if (!status) throw new BatchImportError(`Project ${projectId} does not exist`);
  const retried: number[] = [];
  for (const row of status.rows) {
    if (!row.job || (row.job.status !== "failed" && row.job.status !== "cancelled")) continue;
    try {
      retried.push((await retryJob(db, row.job.id, actorId)).id);
    } catch (err) {
      if (!(err instanceof JobStateError)) throw err;
    }
  }
  return retried;
}

// A durable job queue on the database: long work (alignment) never runs inside a request.
// Claiming is an optimistic conditional update, so several workers can share one queue.
import type { Db, DbTx } from "./client";

export type JobType = "align" | "realign" | "checks";
export const MAX_ATTEMPTS = 3;
/** A running job whose worker has not reported for this long is taken to be orphaned. */
export const STALE_AFTER_MS = 5 * 60_000;

export async function enqueueJob(
  db: DbTx,
  job: { type: JobType; bitextId?: number | null; payload?: object; createdById?: number | null },
) {
  return db.job.create({
    data: {
      type: job.type,
      bitextId: job.bitextId ?? null,
      payload: job.payload ?? {},
      createdById: job.createdById ?? null,
    },
  });
}

/** Takes the oldest runnable job for this worker, or returns null when there is none. */
export async function claimNextJob(db: Db, workerId: string) {
  for (let tries = 0; tries < 5; tries++) {
    const next = await db.job.findFirst({
      where: { status: "queued", runAfter: { lte: new Date() } },
      orderBy: [{ runAfter: "asc" }, { id: "asc" }],
    });
    if (!next) return null;
    const now = new Date();
    const { count } = await db.job.updateMany({
      where: { id: next.id, status: "queued" },
      data: { status: "running", lockedBy: workerId, lockedAt: now, startedAt: now, attempts: { increment: 1 } },
    });
    if (count === 1) return db.job.findUniqueOrThrow({ where: { id: next.id } });
    // Another worker took it first: look again.
  }
  return null;
}

/** Records progress; returns false when the job was cancelled meanwhile. */
export async function reportProgress(db: Db, jobId: number, workerId: string, progress: number, stage: string) {
  const { count } = await db.job.updateMany({
    where: { id: jobId, status: "running", lockedBy: workerId },
    data: { progress: Math.max(0, Math.min(1, progress)), stage, lockedAt: new Date() },
  });
  return count === 1;
}

export async function completeJob(db: Db, jobId: number, workerId: string, result: object) {
  await db.job.updateMany({
    where: { id: jobId, lockedBy: workerId, status: "running" },
    data: { status: "done", progress: 1, stage: "done", result, finishedAt: new Date(), lockedBy: null },
  });
}

/** A failed attempt is retried with exponential backoff, up to MAX_ATTEMPTS. */
export async function failJob(db: Db, jobId: number, workerId: string, error: string) {
  const job = await db.job.findUnique({ where: { id: jobId } });
  if (!job || job.status !== "running" || job.lockedBy !== workerId) return;
  const retry = job.attempts < MAX_ATTEMPTS;
  await db.job.update({
    where: { id: jobId },
    data: retry
      ? { status: "queued", error, lockedBy: null, lockedAt: null, runAfter: new Date(Date.now() + 2 ** job.attempts * 1000) }
      : { status: "failed", error, lockedBy: null, finishedAt: new Date() },
  });
}

export async function cancelJob(db: Db, jobId: number) {
  const { count } = await db.job.updateMany({
    where: { id: jobId, status: { in: ["queued", "running"] } },
    data: { status: "cancelled", finishedAt: new Date(), lockedBy: null },
  });
  return count === 1;
}

/** Puts back jobs whose worker died (no progress for STALE_AFTER_MS). */
export async function requeueStaleJobs(db: Db, now = Date.now()) {
  const { count } = await db.job.updateMany({
    where: { status: "running", lockedAt: { lt: new Date(now - STALE_AFTER_MS) } },
    data: { status: "queued", lockedBy: null, lockedAt: null },
  });
  return count;
}

export async function getJob(db: Db, jobId: number) {
  return db.job.findUnique({ where: { id: jobId } });
}

export async function latestJobForBitext(db: Db, bitextId: number) {
  return db.job.findFirst({ where: { bitextId }, orderBy: { id: "desc" } });
}

// A durable job queue on the database: long work (alignment, checks, large exports) never
// runs inside a request. Claiming is an optimistic conditional update (UPDATE … WHERE
// status = 'queued'), which both SQLite (one writer at a time) and PostgreSQL (the row is
// re-checked after the row lock is granted, under READ COMMITTED) let exactly one worker win,
// so several workers on several machines can share one queue without running a job twice.
// A running job is owned by one worker (lockedBy); every state change below is conditional
// on that ownership, so a worker that lost its job (cancelled, or requeued as stale) can
// never complete or fail it afterwards.
import type { Db, DbTx } from "./client";

export const JOB_TYPES = ["align", "realign", "checks", "export", "import"] as const;
export type JobType = (typeof JOB_TYPES)[number];
export type JobStatus = "queued" | "running" | "done" | "failed" | "cancelled";
export const MAX_ATTEMPTS = 3;
/**
 * A running job whose worker has not renewed its claim for this long is taken to be
 * orphaned (its worker died or lost the database). Six missed heartbeats: long enough
 * that a busy database or a GC pause never steals a live job, short enough that a dead
 * worker's job is picked up again within a minute. PARALLAX_JOB_STALE_MS overrides it (tests
 * that kill workers use a few seconds).
 */
export const STALE_AFTER_MS = Number(process.env.PARALLAX_JOB_STALE_MS) || 60_000;
/** How often a worker renews its claim on the job it runs (six renewals per STALE_AFTER_MS, at most every 10 s). */
export const HEARTBEAT_MS = Math.min(10_000, Math.round(STALE_AFTER_MS / 6));
/**
 * Some stages cannot beat at all: saving a long alignment is one database transaction that
 * keeps the worker's event loop (and, on SQLite, the database) to itself — about 15 s for
 * 3,000 pairs on a busy 2-core machine, minutes for the whole Bible. So every renewal claims
 * the job a little into the future, in proportion to the size of its texts (0.1 ms per
 * character, at most 30 min): a long job gets a longer lease, and a dead worker's long job
 * is requeued correspondingly later.
 */
export const LEASE_MS_PER_CHAR = 0.1;
export const MAX_LEASE_MS = 30 * 60_000;
export const leaseFor = (chars: number) => Math.min(MAX_LEASE_MS, Math.round(Math.max(0, chars) * LEASE_MS_PER_CHAR));

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

/**
 * Takes the oldest runnable job for this worker, or returns null when there is none.
 * Losing a race to another worker is not "no job": it looks again, so a worker that runs
 * until the queue is idle never stops early because its neighbour was quicker.
 */
export async function claimNextJob(db: Db, workerId: string) {
  for (;;) {
    const candidates = await db.job.findMany({
      where: { status: "queued", runAfter: { lte: new Date() } },
      orderBy: [{ runAfter: "asc" }, { id: "asc" }],
      take: 5,
      select: { id: true },
    });
    if (candidates.length === 0) return null;
    for (const { id } of candidates) {
      const now = new Date();
      const { count } = await db.job.updateMany({
        where: { id, status: "queued" },
        data: { status: "running", lockedBy: workerId, lockedAt: now, startedAt: now, attempts: { increment: 1 } },
      });
      if (count === 1) return db.job.findUniqueOrThrow({ where: { id } });
      // Another worker took it first (or it was cancelled): try the next candidate.
    }
  }
}

/** Renews the worker's claim (for `leaseMs` beyond now); false when the job is no longer this worker's (cancelled, requeued). */
export async function heartbeat(db: Db, jobId: number, workerId: string, leaseMs = 0) {
  const { count } = await db.job.updateMany({
    where: { id: jobId, status: "running", lockedBy: workerId },
    data: { lockedAt: new Date(Date.now() + leaseMs) },
  });
  return count === 1;
}

/** Records progress (and renews the claim); returns false when the job was cancelled meanwhile. */
export async function reportProgress(db: Db, jobId: number, workerId: string, progress: number, stage: string, leaseMs = 0) {
  const { count } = await db.job.updateMany({
    where: { id: jobId, status: "running", lockedBy: workerId },
    data: { progress: Math.max(0, Math.min(1, progress)), stage, lockedAt: new Date(Date.now() + leaseMs) },
  });
  return count === 1;
}

/** Marks the job done; false when it was not this worker's any more (its result is then dropped). */
export async function completeJob(db: Db, jobId: number, workerId: string, result: object) {
  const { count } = await db.job.updateMany({
    where: { id: jobId, lockedBy: workerId, status: "running" },
    data: { status: "done", progress: 1, stage: "done", result, error: null, finishedAt: new Date(), lockedBy: null },
  });
  return count === 1;
}

/** Backoff before attempt n+1 after n failed attempts: 2 s, 4 s, 8 s … */
export const retryDelayMs = (attempts: number) => 2 ** attempts * 1000;

/** A failed attempt is retried with exponential backoff, up to MAX_ATTEMPTS. */
export async function failJob(db: Db, jobId: number, workerId: string, error: string) {
  const job = await db.job.findUnique({ where: { id: jobId } });
  if (!job || job.status !== "running" || job.lockedBy !== workerId) return;
  const retry = job.attempts < MAX_ATTEMPTS;
  const message = error.slice(0, 2000);
  // Conditional as well: a cancel that lands between the read and this write wins.
  await db.job.updateMany({
    where: { id: jobId, status: "running", lockedBy: workerId },
    data: retry
      ? { status: "queued", error: message, lockedBy: null, lockedAt: null, runAfter: new Date(Date.now() + retryDelayMs(job.attempts)) }
      : { status: "failed", error: message, lockedBy: null, finishedAt: new Date() },
  });
}

/**
 * Gives a running job back to the queue without counting the attempt (the worker is
 * shutting down, not the job failing): another worker picks it up at once.
 */
export async function releaseJob(db: Db, jobId: number, workerId: string) {
  const { count } = await db.job.updateMany({
    where: { id: jobId, status: "running", lockedBy: workerId },
    data: { status: "queued", lockedBy: null, lockedAt: null, progress: 0, stage: "queued", runAfter: new Date(), attempts: { decrement: 1 } },
  });
  return count === 1;
}

export class JobStateError extends Error {
  override name = "JobStateError";
}

/**
 * Cancels a queued or running job. A queued one never starts; a running one is stopped by
 * its worker, which sees the status change at its next progress report or heartbeat and
 * aborts the alignment thread. Returns false when the job had already finished.
 */
export async function cancelJob(db: Db, jobId: number) {
  const { count } = await db.job.updateMany({
    where: { id: jobId, status: { in: ["queued", "running"] } },
    data: { status: "cancelled", finishedAt: new Date(), lockedBy: null, stage: "cancelled" },
  });
  return count === 1;
}

/**
 * Runs a failed or cancelled job again as a new job (the failed one stays, with its error,
 * as a record). Refused while another job works on the same document pair.
 */
export async function retryJob(db: Db, jobId: number, createdById: number | null = null) {
  return db.$transaction(async (tx) => {
    const job = await tx.job.findUnique({ where: { id: jobId } });
    if (!job) throw new JobStateError(`No job ${jobId}`);
    if (job.status !== "failed" && job.status !== "cancelled") {
      throw new JobStateError(`Job ${jobId} is ${job.status}: only failed or cancelled jobs can be retried`);
    }
    if (job.bitextId !== null) {
      const active = await tx.job.findFirst({ where: { bitextId: job.bitextId, status: { in: ["queued", "running"] } } });
      if (active) throw new JobStateError(`This document pair already has a job in the queue (job ${active.id})`);
    }
    return enqueueJob(tx, {
      type: job.type as JobType,
      bitextId: job.bitextId,
      payload: (job.payload ?? {}) as object,
      createdById: createdById ?? job.createdById,
    });
  });
}

/**
 * Puts back jobs whose worker died (no heartbeat for STALE_AFTER_MS past its lease). A job that has
 * already used all its attempts fails instead: a job that kills its worker (out of memory)
 * must not be handed to one worker after another for ever.
 */
export async function requeueStaleJobs(db: Db, now = Date.now()) {
  const stale = { status: "running", lockedAt: { lt: new Date(now - STALE_AFTER_MS) } };
  const failed = await db.job.updateMany({
    where: { ...stale, attempts: { gte: MAX_ATTEMPTS } },
    data: { status: "failed", error: "its worker stopped responding on every attempt", lockedBy: null, finishedAt: new Date(now) },
  });
  const requeued = await db.job.updateMany({
    where: stale,
    data: { status: "queued", lockedBy: null, lockedAt: null, error: "its worker stopped responding; requeued" },
  });
  return requeued.count + failed.count;
}

export async function getJob(db: Db, jobId: number) {
  return db.job.findUnique({ where: { id: jobId } });
}

export async function latestJobForBitext(db: Db, bitextId: number) {
  return db.job.findFirst({ where: { bitextId }, orderBy: { id: "desc" } });
}

/** When the next queued job becomes runnable (null: nothing queued at all). */
export async function nextQueuedAt(db: Db) {
  const next = await db.job.findFirst({ where: { status: "queued" }, orderBy: { runAfter: "asc" }, select: { runAfter: true } });
  return next?.runAfter ?? null;
}

/** The job as the UI and the API show it. */
export function jobView(job: NonNullable<Awaited<ReturnType<typeof getJob>>>) {
  return {
    id: job.id,
    type: job.type,
    status: job.status as JobStatus,
    bitextId: job.bitextId,
    progress: job.progress,
    stage: job.stage,
    error: job.error,
    attempts: job.attempts,
    maxAttempts: MAX_ATTEMPTS,
    result: job.result,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
export type JobView = ReturnType<typeof jobView>;

/** The job for the API: without an inline export body (GET /api/jobs/:id/download serves that). */
export function publicJobView(job: NonNullable<Awaited<ReturnType<typeof getJob>>>) {
  const view = jobView(job);
  if (view.result && typeof view.result === "object" && "inline" in view.result) {
    const { inline: _body, ...rest } = view.result as Record<string, unknown>;
    return { ...view, result: rest };
  }
  return view;
}

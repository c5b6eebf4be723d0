// The job worker: claims jobs from the database queue and runs them. Runs as its own
// process (`npm run worker`, and started by `npm start`), so long work never blocks a request;
// several workers (processes, machines) can share one queue.
//
// While a job runs the worker renews its claim (heartbeat every HEARTBEAT_MS), so a long
// job is never mistaken for an orphan: the CPU-heavy stages (alignment, checks) run in a
// thread so the heartbeat keeps beating, and each renewal carries a lease sized to the job
// for the one stage that cannot beat (saving the pairs, one transaction). It also watches the
// job's status, so a cancel from the UI stops the thread within about a second. On stop (SIGTERM) it takes no new
// job and lets the current one finish for `graceMs`, then gives it back to the queue.
import os from "node:os";
import type { Db } from "../db/client";
import { alignBitext } from "../db/bitexts";
import { invalidateCheckContext, runBitextChecks } from "../db/checks";
import { runExportJob, type ExportJobPayload } from "../db/export";
import { afterImportStopped, removeOrphanUploads, runImportJob, sweepAbandonedImports } from "../db/import-job";
import { HEARTBEAT_MS, STALE_AFTER_MS, enqueueJob, leaseFor, reportProgress } from "../db/jobs";
import { openJobQueue } from "../db/job-queues";
import type { ClaimedJob, JobQueue } from "../db/queue";
import { alignInThread, checkRunnerInThread } from "./align-thread";
import { ALIGN_STAGES, IMPORT_STAGES, REALIGN_STAGES, alignStageOf, importStageOf, realignStageOf, stagedReport, type Stage } from "./stages";
import { realignUnconfirmed } from "../db/review";

export interface WorkerOptions {
  workerId?: string;
  pollMs?: number;
  /** Stop when no job is queued any more (tests, batch runs); waits for jobs in retry backoff. */
  untilIdle?: boolean;
  /** Stop: no new job is taken; the current one has `graceMs` to finish, then is released. */
  signal?: AbortSignal;
  /** How long the current job may run on after `signal` (default: until it finishes). */
  graceMs?: number;
  /** Release the current job at once (a second SIGTERM). */
  releaseSignal?: AbortSignal;
  /** Claim renewal interval (default HEARTBEAT_MS). */
  heartbeatMs?: number;
  /** How often the job's status is read to notice a cancel (default 1 s). */
  watchMs?: number;
  /** Where export jobs write large outputs (default exportDir()). */
  exportDir?: string;
  /** The queue to claim from (default: the engine for the database, opened and closed by the worker). */
  queue?: JobQueue;
  log?: (msg: string) => void;
}

type Report = import("./stages").Report;

class JobStopped extends Error {
  constructor(readonly why: "cancelled" | "released") {
    super(why);
  }
}

function throwIfStopped(signal: AbortSignal) {
  if (signal.aborted) throw new JobStopped(signal.reason === "released" ? "released" : "cancelled");
}

const released = (signal: AbortSignal) => signal.aborted && signal.reason === "released";

/**
 * The checks that follow a stored alignment. A cancel that arrives now only skips them. A
 * worker that is stopping must not release the job: the alignment is already stored, and
 * running the job again would align the pair twice. It finishes the job and hands the
 * checks on as a job of their own.
 */
async function checksAfterStore(db: Db, job: ClaimedJob, bitextId: number, signal: AbortSignal, report: Report) {
  const handOn = async () => {
    const next = await enqueueJob(db, { type: "checks", bitextId, createdById: job.createdById });
    return { checksJob: next.id };
  };
  if (released(signal)) return handOn();
  throwIfStopped(signal);
  invalidateCheckContext(bitextId);
  report(0, 1, "checking translations");
  try {
    const checks = await runBitextChecks(db, bitextId, { runner: checkRunnerInThread(signal) });
    return { checkFlags: checks.created };
  } catch (err) {
    if (released(signal)) return handOn();
    throw err;
  }
}

/** The alignment an earlier attempt of this job stored (recorded in the same transaction as the pairs), if any. */
function alignmentStoredBefore(job: ClaimedJob): { mode: string; pairs: number } | null {
  const stored = (job.result as { stored?: { mode: string; pairs: number } } | null)?.stored;
  return stored && typeof stored.pairs === "number" ? stored : null;
}

async function runJob(db: Db, job: ClaimedJob, signal: AbortSignal, raw: Report, opts: WorkerOptions) {
  // alignments and imports show one bar over their stages, never going back (lib/jobs/stages.ts)
  const staged: Record<string, [Stage[], (raw: string) => string]> = {
    align: [ALIGN_STAGES, alignStageOf],
    realign: [REALIGN_STAGES, realignStageOf],
    import: [IMPORT_STAGES, importStageOf],
  };
  const report = staged[job.type] ? stagedReport(raw, ...staged[job.type]) : raw;
  switch (job.type) {
    case "align": {
      if (job.bitextId == null) throw new Error("align job without a document pair");
      const stored = alignmentStoredBefore(job);
      if (stored) {
        // an earlier attempt stored the pairs and died before it could finish the job
        const checks = await checksAfterStore(db, job, job.bitextId, signal, report);
        return { ...stored, ...checks };
      }
      const result = await alignBitext(db, job.bitextId, {
        actorId: job.createdById,
        signal,
        runAligner: alignInThread,
        onProgress: report,
        ownedBy: { jobId: job.id, workerId: job.lockedBy },
      });
      const checks = await checksAfterStore(db, job, job.bitextId, signal, report);
      return { mode: result.mode, pairs: result.beads.length, ...checks };
    }
    case "realign": {
      // Confirmed pairs stay as anchors; each stretch between them is aligned in the thread.
      if (job.bitextId == null) throw new Error("realign job without a document pair");
      const { actorId, actorName, mode } = (job.payload ?? {}) as { actorId?: number; actorName?: string; mode?: "parallel" | "comparable" | "auto" };
      if (!actorId) throw new Error("realign job without an editor");
      let stretches = 0;
      const result = await realignUnconfirmed(db, { id: actorId, name: actorName }, { bitextId: job.bitextId }, async (zh, en) => {
        throwIfStopped(signal);
        report(++stretches, stretches + 1, "re-aligning unconfirmed pairs");
        const r = await alignInThread(
          zh.map((text) => ({ text })),
          en.map((text) => ({ text })),
          { mode: mode ?? "auto", signal },
        );
        return r.beads.map((b) => ({ zh: b.zh, en: b.en, score: b.score, parts: b.parts, confidence: b.confidence ?? null }));
      });
      const checks = await checksAfterStore(db, job, job.bitextId, signal, report);
      return { stretches: result.stretches, pairsBefore: result.pairsBefore, pairsAfter: result.pairsAfter, ...checks };
    }
    case "checks": {
      if (job.bitextId == null) throw new Error("checks job without a document pair");
      invalidateCheckContext(job.bitextId);
      report(0.1, 1, "checking translations");
      return runBitextChecks(db, job.bitextId, { runner: checkRunnerInThread(signal) });
    }
    case "import":
      // stored in chunks, a short transaction each, with the cancel check between chunks
      return runImportJob(db, job, { signal, onProgress: report });
    case "export":
      return runExportJob(db, job.id, job.payload as unknown as ExportJobPayload, { dir: opts.exportDir, signal, onProgress: report });
    default:
      throw new Error(`unknown job type "${job.type}"`);
  }
}

/**
 * Throttled progress writes (at most two a second), shared by every job type. A write that
 * finds the job no longer this worker's (cancelled) stops the job.
 */
function progressReporter(db: Db, jobId: number, workerId: string, leaseMs: number, onLost: () => void): Report {
  let last = 0;
  let lastStage: string | null = null;
  // one write at a time, in order: on a pool of connections (PostgreSQL) two writes in flight
  // could land the other way round and show the bar going back
  let writes = Promise.resolve();
  return (done, total, stage) => {
    const now = Date.now();
    // a new stage is always written (saving the pairs can take long and reports nothing more)
    if (now - last < 500 && done < total && stage === lastStage) return;
    last = now;
    lastStage = stage;
    writes = writes
      .then(() => reportProgress(db, jobId, workerId, total > 0 ? done / total : 0, stage, leaseMs))
      .then(
        (mine) => void (mine || onLost()),
        () => {}, // a database hiccup: the heartbeat retries
      );
  };
}

function sleep(ms: number, signal?: AbortSignal) {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** An aligned document pair whose job was stopped keeps its previous pairs (the save is one transaction). */
async function restoreBitextAfterStop(db: Db, bitextId: number, why: "cancelled" | "released") {
  const pairs = await db.alignmentPair.count({ where: { bitextId } });
  await db.bitext.update({
    where: { id: bitextId },
    data: { status: pairs > 0 ? "ready" : "pending", statusMessage: why === "cancelled" ? "alignment cancelled" : null },
  });
}

/** The size of a job's texts, for its lease (see LEASE_MS_PER_CHAR). */
async function jobChars(db: Db, job: ClaimedJob) {
  if (job.bitextId == null) return 0;
  const docs = await db.document.findMany({ where: { bitextId: job.bitextId }, select: { originalText: true } });
  return docs.reduce((n, d) => n + d.originalText.length, 0);
}

/**
 * Watches the claim while the job runs: reads the job's status often (cheap) to notice a
 * cancel, renews the claim less often (a write). A failed read or write is retried at the next tick.
 */
function watchClaim(db: Db, queue: JobQueue, job: ClaimedJob, leaseMs: number, opts: WorkerOptions, stop: (why: "cancelled") => void) {
  const watchMs = opts.watchMs ?? 1000;
  const heartbeatMs = opts.heartbeatMs ?? HEARTBEAT_MS;
  let lastBeat = Date.now();
  return setInterval(async () => {
    try {
      if (Date.now() - lastBeat >= heartbeatMs) {
        lastBeat = Date.now();
        if (!(await queue.renew(job, leaseMs))) stop("cancelled");
      } else {
        const current = await db.job.findUnique({ where: { id: job.id }, select: { status: true, lockedBy: true } });
        if (!current || current.status !== "running" || current.lockedBy !== job.lockedBy) stop("cancelled");
      }
    } catch {
      /* retried at the next tick */
    }
  }, Math.min(watchMs, heartbeatMs));
}

/** Wires the worker's stop signals to the job: a stop gives it `graceMs`, a release stops it at once. */
function onWorkerStop(opts: WorkerOptions, stop: (why: "released") => void) {
  let grace: NodeJS.Timeout | undefined;
  const onShutdown = () => {
    grace = setTimeout(() => stop("released"), opts.graceMs ?? 2 ** 31 - 1);
  };
  if (opts.signal?.aborted) onShutdown();
  else opts.signal?.addEventListener("abort", onShutdown, { once: true });
  const onRelease = () => stop("released");
  if (opts.releaseSignal?.aborted) onRelease();
  else opts.releaseSignal?.addEventListener("abort", onRelease, { once: true });
  return () => {
    clearTimeout(grace);
    opts.signal?.removeEventListener("abort", onShutdown);
    opts.releaseSignal?.removeEventListener("abort", onRelease);
  };
}

/** After the job threw: released (worker stopping), cancelled (or lost), or a failed attempt. */
async function settleStoppedJob(db: Db, queue: JobQueue, job: ClaimedJob, err: unknown, why: "cancelled" | "released" | null, log: (m: string) => void) {
  const alignment = job.bitextId != null && (job.type === "align" || job.type === "realign");
  // an import that stops leaves nothing half-stored (discarded, or cleared for its next attempt)
  if (job.type === "import") await afterImportStopped(db, job.id, job.lockedBy).catch((e) => log(`job ${job.id}: clean-up failed: ${(e as Error).message}`));
  if (why === "released") {
    // The document pair first, then the job: once released, another worker may take it at once.
    if (alignment) await restoreBitextAfterStop(db, job.bitextId!, why).catch(() => {});
    await queue.release(job);
    log(`job ${job.id} released (worker stopping)`);
  } else if (why === "cancelled") {
    // A job that was requeued as stale (this worker lost its claim) may already run
    // elsewhere: its document pair is left to that worker.
    const now = await db.job.findUnique({ where: { id: job.id }, select: { status: true } }).catch(() => null);
    if (alignment && now?.status === "cancelled") await restoreBitextAfterStop(db, job.bitextId!, why).catch(() => {});
    await queue.abandon(job).catch(() => {});
    log(`job ${job.id} ${now?.status === "cancelled" ? "cancelled" : "lost (requeued after a missed heartbeat)"}`);
  } else {
    const message = (err as Error).message;
    await queue.fail(job, message);
    log(`job ${job.id} failed: ${message}`);
  }
}

async function runOne(db: Db, queue: JobQueue, job: ClaimedJob, opts: WorkerOptions) {
  const log = opts.log ?? (() => {});
  // an import beats between its chunks (no long transaction): no lease beyond the heartbeat
  const leaseMs = job.type === "import" ? 0 : leaseFor(await jobChars(db, job).catch(() => 0));
  await queue.renew(job, leaseMs).catch(() => {});
  const controller = new AbortController();
  const stop = (why: "cancelled" | "released") => {
    if (!controller.signal.aborted) controller.abort(why);
  };
  const watch = watchClaim(db, queue, job, leaseMs, opts, stop);
  const unwire = onWorkerStop(opts, stop);
  const report = progressReporter(db, job.id, job.lockedBy, leaseMs, () => stop("cancelled"));
  try {
    const result = await runJob(db, job, controller.signal, report, opts);
    if (await queue.complete(job, result as object)) log(`job ${job.id} done`);
    else log(`job ${job.id} finished, but it had been cancelled meanwhile`);
  } catch (err) {
    const why = controller.signal.aborted ? (controller.signal.reason as "cancelled" | "released") : null;
    await settleStoppedJob(db, queue, job, err, why, log);
  } finally {
    clearInterval(watch);
    unwire();
  }
}

/** Any worker puts back the jobs of a dead one and clears what stopped imports left behind. */
async function recoverAfterDeadWorkers(db: Db, queue: JobQueue, log: (m: string) => void) {
  const n = await queue.recoverStale();
  if (n) log(`requeued ${n} job(s) of a worker that stopped responding`);
  const swept = await sweepAbandonedImports(db).catch(() => 0);
  if (swept) log(`discarded ${swept} cancelled or failed import(s)`);
  const orphans = await removeOrphanUploads(db).catch(() => 0);
  if (orphans) log(`removed ${orphans} upload(s) that no import needs any more`);
}

/** Runs jobs until `signal` (or, with untilIdle, until the queue is empty); returns how many it ran. */
export async function runWorker(db: Db, opts: WorkerOptions = {}): Promise<number> {
  if (!opts.queue) return withQueue(db, opts, (queue) => runWorker(db, { ...opts, queue }));
  const queue = opts.queue;
  const workerId = opts.workerId ?? `${os.hostname()}:${process.pid}`;
  const pollMs = opts.pollMs ?? 1000;
  const log = opts.log ?? (() => {});
  let processed = 0;
  let lastStaleCheck = 0;
  while (!opts.signal?.aborted) {
    // checking twice per stale period is enough
    if (Date.now() - lastStaleCheck > STALE_AFTER_MS / 2) {
      lastStaleCheck = Date.now();
      await recoverAfterDeadWorkers(db, queue, log);
    }
    const job = await queue.claim(workerId);
    if (!job) {
      if (opts.untilIdle) {
        // Jobs waiting out a retry backoff still count as work to do.
        const next = await queue.nextDue();
        if (!next) break;
        await sleep(Math.max(50, Math.min(pollMs, next.getTime() - Date.now())), opts.signal);
        continue;
      }
      await sleep(pollMs, opts.signal);
      continue;
    }
    log(`job ${job.id} (${job.type}${job.bitextId != null ? `, document pair ${job.bitextId}` : ""}) started, attempt ${job.attempts}`);
    await runOne(db, queue, job, opts);
    processed++;
  }
  return processed;
}

/** Opens the database's queue engine for `run`, and closes it after. */
async function withQueue<T>(db: Db, opts: WorkerOptions, run: (queue: JobQueue) => Promise<T>) {
  const queue = await openJobQueue(db, opts.log);
  opts.log?.(`queue: ${queue.engine === "pg-boss" ? "pg-boss (PostgreSQL)" : "the Job table"}`);
  try {
    return await run(queue);
  } finally {
    await queue.close();
  }
}

/** `concurrency` loops in one process (each with its own claim id, sharing the alignment threads and the queue). */
export async function runWorkers(db: Db, opts: WorkerOptions & { concurrency?: number } = {}): Promise<number> {
  if (!opts.queue) return withQueue(db, opts, (queue) => runWorkers(db, { ...opts, queue }));
  const n = Math.max(1, opts.concurrency ?? 1);
  const base = opts.workerId ?? `${os.hostname()}:${process.pid}`;
  if (n === 1) return runWorker(db, { ...opts, workerId: base });
  const counts = await Promise.all(Array.from({ length: n }, (_, k) => runWorker(db, { ...opts, workerId: `${base}#${k + 1}` })));
  return counts.reduce((a, b) => a + b, 0);
}

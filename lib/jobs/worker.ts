// The job worker: claims jobs from the database queue and runs them. Runs as its own
// process (`npm run worker`, and started by `npm start`), so long work never blocks a request.
import os from "node:os";
import type { Db } from "../db/client";
import { alignBitext } from "../db/bitexts";
import { invalidateCheckContext, runBitextChecks } from "../db/checks";
import { claimNextJob, completeJob, failJob, getJob, reportProgress, requeueStaleJobs } from "../db/jobs";
import { alignInThread } from "./align-thread";
import { realignUnconfirmed } from "../db/review";

export interface WorkerOptions {
  workerId?: string;
  pollMs?: number;
  /** Stop when the queue is empty (tests, batch runs). */
  untilIdle?: boolean;
  signal?: AbortSignal;
  log?: (msg: string) => void;
}

type ClaimedJob = NonNullable<Awaited<ReturnType<typeof claimNextJob>>>;

async function runJob(db: Db, job: ClaimedJob, workerId: string, signal: AbortSignal) {
  switch (job.type) {
    case "align": {
      if (job.bitextId == null) throw new Error("align job without a document pair");
      const result = await alignBitext(db, job.bitextId, {
        actorId: job.createdById,
        signal,
        runAligner: alignInThread,
        onProgress: progressReporter(db, job.id, workerId),
      });
      // Automatic QA findings for the fresh alignment.
      invalidateCheckContext(job.bitextId);
      await reportProgress(db, job.id, workerId, 0.99, "checking translations");
      const checks = await runBitextChecks(db, job.bitextId);
      return { mode: result.mode, pairs: result.beads.length, checkFlags: checks.created };
    }
    case "realign": {
      // Confirmed pairs stay as anchors; each stretch between them is aligned in the thread.
      if (job.bitextId == null) throw new Error("realign job without a document pair");
      const { actorId, actorName, mode } = (job.payload ?? {}) as { actorId?: number; actorName?: string; mode?: "parallel" | "comparable" | "auto" };
      if (!actorId) throw new Error("realign job without an editor");
      const report = progressReporter(db, job.id, workerId);
      let stretches = 0;
      const result = await realignUnconfirmed(db, { id: actorId, name: actorName }, { bitextId: job.bitextId }, async (zh, en) => {
        report(++stretches, stretches + 1, "re-aligning unconfirmed pairs");
        const r = await alignInThread(
          zh.map((text) => ({ text })),
          en.map((text) => ({ text })),
          { mode: mode ?? "auto", signal },
        );
        return r.beads.map((b) => ({ zh: b.zh, en: b.en, score: b.score, parts: b.parts }));
      });
      invalidateCheckContext(job.bitextId);
      await reportProgress(db, job.id, workerId, 0.99, "checking translations");
      await runBitextChecks(db, job.bitextId);
      return { stretches: result.stretches, pairsBefore: result.pairsBefore, pairsAfter: result.pairsAfter };
    }
    case "checks": {
      if (job.bitextId == null) throw new Error("checks job without a document pair");
      invalidateCheckContext(job.bitextId);
      await reportProgress(db, job.id, workerId, 0.1, "checking translations");
      return runBitextChecks(db, job.bitextId);
    }
    default:
      throw new Error(`unknown job type "${job.type}"`);
  }
}

/** Throttled progress writes (at most two a second), shared by every job type. */
function progressReporter(db: Db, jobId: number, workerId: string) {
  let last = 0;
  return (done: number, total: number, stage: string) => {
    const now = Date.now();
    if (now - last < 500 && done < total) return;
    last = now;
    void reportProgress(db, jobId, workerId, total > 0 ? done / total : 0, stage).catch(() => {});
  };
}

export async function runWorker(db: Db, opts: WorkerOptions = {}) {
  const workerId = opts.workerId ?? `${os.hostname()}:${process.pid}`;
  const pollMs = opts.pollMs ?? 1000;
  const log = opts.log ?? (() => {});
  let processed = 0;
  await requeueStaleJobs(db);
  while (!opts.signal?.aborted) {
    const job = await claimNextJob(db, workerId);
    if (!job) {
      if (opts.untilIdle) break;
      await new Promise((r) => setTimeout(r, pollMs));
      continue;
    }
    log(`job ${job.id} (${job.type}) started`);
    const controller = new AbortController();
    // Cancellation is a status change in the database; poll it while the job runs.
    const watch = setInterval(async () => {
      const current = await getJob(db, job.id).catch(() => null);
      if (current?.status === "cancelled") controller.abort();
    }, 1000);
    try {
      const result = await runJob(db, job, workerId, controller.signal);
      await completeJob(db, job.id, workerId, result);
      log(`job ${job.id} done`);
    } catch (err) {
      const message = (err as Error).message;
      if (!controller.signal.aborted) await failJob(db, job.id, workerId, message);
      log(`job ${job.id} ${controller.signal.aborted ? "cancelled" : `failed: ${message}`}`);
    } finally {
      clearInterval(watch);
    }
    processed++;
  }
  return processed;
}

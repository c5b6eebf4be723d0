// The job queue as the worker sees it. Two engines implement it:
//  - the table queue (lib/db/table-queue.ts): claims are conditional updates on the Job table;
//    the zero-set-up default on SQLite;
//  - pg-boss (lib/db/boss-queue.ts) on PostgreSQL: pg-boss dispatches, holds the lease (expiry),
//    retries with backoff and counts the retries.
// On both the Job table stays what the app reads and writes: enqueueing is inserting a Job row,
// cancelling is setting its status, progress is written to it; and every state change of a
// job is a conditional update on its row keyed by the claim of one attempt (`lockedBy`), so a
// worker that lost its job can never store a result for it.
import type { getJob } from "./jobs";

/** A Job row claimed by one attempt: `lockedBy` is that attempt's claim (unique per attempt). */
export type ClaimedJob = NonNullable<Awaited<ReturnType<typeof getJob>>> & { lockedBy: string };

export type QueueEngine = "table" | "pg-boss";

export interface JobQueue {
  readonly engine: QueueEngine;
  /** Ready to claim (pg-boss: its schema, the queue, and the Job rows it does not know yet). */
  open(): Promise<void>;
  close(): Promise<void>;
  /** Takes the next runnable job for this worker, or null when none is due. */
  claim(workerId: string): Promise<ClaimedJob | null>;
  /** Renews the attempt's claim for `leaseMs` beyond the stale period; false when it is not this attempt's any more. */
  renew(job: ClaimedJob, leaseMs: number): Promise<boolean>;
  /** Stores the result unless the attempt lost the job (then false: the result is dropped). */
  complete(job: ClaimedJob, result: object): Promise<boolean>;
  /** A failed attempt: retried later with backoff, or failed for good after MAX_ATTEMPTS. */
  fail(job: ClaimedJob, error: string): Promise<void>;
  /** Gives the job back without counting the attempt (the worker is stopping). */
  release(job: ClaimedJob): Promise<boolean>;
  /** The attempt saw that its job is not its own any more (cancelled, or taken over). */
  abandon(job: ClaimedJob): Promise<void>;
  /** Puts back (or fails) the jobs of workers that stopped responding; returns how many. */
  recoverStale(): Promise<number>;
  /** When the next waiting job becomes runnable (null: nothing waits). */
  nextDue(): Promise<Date | null>;
}

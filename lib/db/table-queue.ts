// The embedded queue: claims, leases and retries as conditional updates on the Job table
// (lib/db/jobs.ts). The default on SQLite, where it needs no set-up at all.
import type { Db } from "./client";
import { claimNextJob, completeJob, failJob, heartbeat, nextQueuedAt, releaseJob, requeueStaleJobs } from "./jobs";
import type { ClaimedJob, JobQueue } from "./queue";

export class TableQueue implements JobQueue {
  readonly engine = "table" as const;
  constructor(private readonly db: Db) {}

  async open() {}
  async close() {}

  async claim(workerId: string) {
    return (await claimNextJob(this.db, workerId)) as ClaimedJob | null;
  }

  renew(job: ClaimedJob, leaseMs: number) {
    return heartbeat(this.db, job.id, job.lockedBy, leaseMs);
  }

  complete(job: ClaimedJob, result: object) {
    return completeJob(this.db, job.id, job.lockedBy, result);
  }

  fail(job: ClaimedJob, error: string) {
    return failJob(this.db, job.id, job.lockedBy, error);
  }

  release(job: ClaimedJob) {
    return releaseJob(this.db, job.id, job.lockedBy);
  }

  async abandon() {}

  recoverStale() {
    return requeueStaleJobs(this.db);
  }

  nextDue() {
    return nextQueuedAt(this.db);
  }
}

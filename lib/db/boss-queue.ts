// The job queue on PostgreSQL, on pg-boss (10.x, the last line for Node 20). pg-boss keeps its
// own schema (`pgboss`) in the same database and does what a queue engine should: dispatch
// (FOR UPDATE SKIP LOCKED), the lease (a job active past its expiry is failed by pg-boss's
// maintenance and retried), retries with exponential backoff and their count. The Job table
// stays what the app reads and writes (status, progress, stage, result, error), so the web
// app never talks to pg-boss: a Job row is the outbox record, and workers send it on.
//
// One pg-boss job per Job row, with an id derived from the Job id (bossIdOf). pg-boss inserts
// with ON CONFLICT DO NOTHING, so sending a Job row twice is a no-op: that makes the outbox,
// and the upgrade path, idempotent without a new column — every worker, when it starts and at
// every claim, sends the queued Job rows pg-boss does not know yet (jobs queued before the
// upgrade, jobs enqueued by the app), and requeues rows left "running" by a table-queue worker
// that died before the upgrade. (We chose the derived id over singletonKey: pg-boss 10's
// singleton keys only deduplicate per policy and state, not for a job's whole life.)
//
// Every change to a job is first a conditional update on its Job row keyed by the attempt's
// claim (`lockedBy`, unique per attempt), and only then a call to pg-boss: a worker that lost its
// job (cancelled, or its lease expired and another attempt took it) can never store a result
// or touch the pg-boss job of the attempt that replaced it.
import PgBoss from "pg-boss";
import type { Db } from "./client";
import { MAX_ATTEMPTS, STALE_AFTER_MS, completeJob, heartbeat, releaseJob, retryDelayMs } from "./jobs";
import type { ClaimedJob, JobQueue } from "./queue";

export const BOSS_QUEUE = "parallax-jobs";
const SCHEMA = "pgboss";
/** pg-boss's retry delay base: 2–4 s after the first failure, 4–8 s after the second… */
const RETRY_DELAY_S = 2;
/**
 * pg-boss retries up to this many times; our own MAX_ATTEMPTS (counted on the Job row) decides
 * when a job fails for good. The margin is for released jobs: pg-boss counts a job fetched again
 * after a release as a retry, we do not.
 */
const BOSS_RETRY_LIMIT = 3 * MAX_ATTEMPTS;

/** The pg-boss id of a Job row: a fixed UUID with the Job id in its last 12 hex digits. */
export const bossIdOf = (jobId: number) => `00000000-0000-4000-8000-${jobId.toString(16).padStart(12, "0")}`;
const BOSS_ID_OF_ROW = `('00000000-0000-4000-8000-' || lpad(to_hex(j.id), 12, '0'))::uuid`;
const KNOWN_TO_BOSS = `EXISTS (SELECT 1 FROM ${SCHEMA}.job b WHERE b.name = $1 AND b.id = ${BOSS_ID_OF_ROW})`;
/** Prisma stores DateTime as UTC in `timestamp without time zone`. */
const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

/** The claim of one attempt: the worker and pg-boss's retry count (which grows with every fetch after the first). */
const claimOf = (workerId: string, retryCount: number) => `${workerId}~${retryCount}`;
const retryCountOf = (job: ClaimedJob) => Number(job.lockedBy.slice(job.lockedBy.lastIndexOf("~") + 1));

const expireSeconds = () => Math.max(1, Math.ceil(STALE_AFTER_MS / 1000));

export class BossQueue implements JobQueue {
  readonly engine = "pg-boss" as const;
  private boss: PgBoss;

  constructor(
    private readonly db: Db,
    url: string,
    private readonly log: (msg: string) => void = () => {},
  ) {
    this.boss = new PgBoss({
      connectionString: url,
      max: 2,
      application_name: "parallax-worker",
      schedule: false,
      // pg-boss's own maintenance (expiry, archiving); workers also expire at every stale check
      maintenanceIntervalSeconds: Math.max(1, Math.round(STALE_AFTER_MS / 2000)),
    });
    this.boss.on("error", (err) => this.log(`pg-boss: ${err.message}`));
  }

  async open() {
    await this.boss.start();
    await this.ensureQueue();
    await this.recoverStale();
  }

  async close() {
    await this.boss.stop({ graceful: false, wait: true, close: true });
  }

  /**
   * Creates the queue unless it exists. Workers starting together on a fresh database race to
   * create it (pg-boss's create_queue then fails with a deadlock or a duplicate for all but
   * one): the losers wait a moment and look again.
   */
  private async ensureQueue() {
    for (let attempt = 1; ; attempt++) {
      if (await this.boss.getQueue(BOSS_QUEUE)) return;
      try {
        await this.boss.createQueue(BOSS_QUEUE, {
          name: BOSS_QUEUE,
          policy: "standard",
          retryLimit: BOSS_RETRY_LIMIT,
          retryDelay: RETRY_DELAY_S,
          retryBackoff: true,
          expireInSeconds: expireSeconds(),
        });
        return;
      } catch (err) {
        if (attempt >= 10) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 400));
      }
    }
  }

  /** Sends the queued Job rows pg-boss does not know yet (new ones, and those from before the upgrade). */
  async dispatchQueued() {
    const rows = await this.db.$queryRawUnsafe<{ id: number; runAfter: Date }[]>(
      `SELECT j.id, j."runAfter" FROM "Job" j WHERE j.status = 'queued' AND NOT ${KNOWN_TO_BOSS} ORDER BY j.id LIMIT 1000`,
      BOSS_QUEUE,
    );
    for (const row of rows) {
      await this.boss.send(BOSS_QUEUE, { jobId: row.id }, { id: bossIdOf(row.id), startAfter: new Date(row.runAfter), expireInSeconds: expireSeconds() });
    }
    return rows.length;
  }

  async claim(workerId: string): Promise<ClaimedJob | null> {
    await this.dispatchQueued();
    for (;;) {
      const [next] = await this.boss.fetch<{ jobId: number }>(BOSS_QUEUE, { includeMetadata: true, batchSize: 1 });
      if (!next) return null;
      const job = await this.takeRow(next.data.jobId, claimOf(workerId, next.retryCount));
      if (job) return job;
    }
  }

  /**
   * Claims the Job row for the attempt pg-boss just handed out. A row that was cancelled (or
   * finished) meanwhile is never run: its pg-boss job is cancelled. A row still "running" whose
   * claim ran out is a dead worker's (pg-boss expired its lease): taken over, or failed after
   * MAX_ATTEMPTS. A row running under a live claim pg-boss did not give (a worker of the previous
   * version, during a rolling upgrade, took it from the table) is left to that worker, and
   * pg-boss forgets its job: should the row ever be queued again, it is sent again.
   */
  private async takeRow(jobId: number, claim: string): Promise<ClaimedJob | null> {
    const row = await this.db.job.findUnique({ where: { id: jobId } });
    if (!row || (row.status !== "queued" && row.status !== "running")) {
      await this.boss.cancel(BOSS_QUEUE, bossIdOf(jobId));
      return null;
    }
    if (row.status === "running" && row.lockedAt && row.lockedAt.getTime() >= Date.now() - STALE_AFTER_MS) {
      await this.boss.deleteJob(BOSS_QUEUE, bossIdOf(jobId));
      return null;
    }
    const now = new Date();
    const exhausted = row.status === "running" && row.attempts >= MAX_ATTEMPTS;
    const { count } = await this.db.job.updateMany({
      where: { id: jobId, status: row.status, lockedBy: row.lockedBy },
      data: exhausted
        ? { status: "failed", error: "its worker stopped responding on every attempt", lockedBy: null, finishedAt: now }
        : { status: "running", lockedBy: claim, lockedAt: now, startedAt: now, attempts: { increment: 1 } },
    });
    if (count === 0) return this.takeRow(jobId, claim); // changed meanwhile (a cancel): look again
    if (exhausted) {
      await this.boss.cancel(BOSS_QUEUE, bossIdOf(jobId));
      return null;
    }
    return (await this.db.job.findUniqueOrThrow({ where: { id: jobId } })) as ClaimedJob;
  }

  /** Pushes the pg-boss expiry of this attempt to now + STALE_AFTER_MS + leaseMs, then the Job row's claim. */
  async renew(job: ClaimedJob, leaseMs: number) {
    // pg-boss 10 has no call to extend a running job's expiry; its expiry is started_on +
    // expire_in, so the renewal moves expire_in (the one place we write pg-boss's table).
    const renewed = await this.db.$executeRawUnsafe(
      `UPDATE ${SCHEMA}.job SET expire_in = (now() - started_on) + make_interval(secs => $3::double precision / 1000)
       WHERE name = $1 AND id = $2::uuid AND state = 'active' AND retry_count = $4::int`,
      BOSS_QUEUE,
      bossIdOf(job.id),
      STALE_AFTER_MS + leaseMs,
      retryCountOf(job),
    );
    if (renewed !== 1) return false;
    return heartbeat(this.db, job.id, job.lockedBy, leaseMs);
  }

  async complete(job: ClaimedJob, result: object) {
    if (await completeJob(this.db, job.id, job.lockedBy, result)) {
      await this.boss.complete(BOSS_QUEUE, bossIdOf(job.id));
      return true;
    }
    await this.abandon(job);
    return false;
  }

  async fail(job: ClaimedJob, error: string) {
    const row = await this.db.job.findUnique({ where: { id: job.id } });
    if (!row || row.status !== "running" || row.lockedBy !== job.lockedBy) return this.abandon(job);
    const retry = row.attempts < MAX_ATTEMPTS;
    const message = error.slice(0, 2000);
    const { count } = await this.db.job.updateMany({
      where: { id: job.id, status: "running", lockedBy: job.lockedBy },
      data: retry
        ? // runAfter is for the UI: pg-boss picks the actual moment (the same backoff, with jitter)
          { status: "queued", error: message, lockedBy: null, lockedAt: null, runAfter: new Date(Date.now() + retryDelayMs(row.attempts)) }
        : { status: "failed", error: message, lockedBy: null, finishedAt: new Date() },
    });
    if (count === 0) return this.abandon(job); // a cancel won
    if (retry) await this.boss.fail(BOSS_QUEUE, bossIdOf(job.id), { message });
    else await this.boss.cancel(BOSS_QUEUE, bossIdOf(job.id)); // failed for good: never fetched again
  }

  /** Back to the queue at once: the Job row first, then pg-boss's job (cancel + resume puts it back to "created"). */
  async release(job: ClaimedJob) {
    if (!(await releaseJob(this.db, job.id, job.lockedBy))) return false;
    await this.boss.cancel(BOSS_QUEUE, bossIdOf(job.id));
    await this.boss.resume(BOSS_QUEUE, bossIdOf(job.id));
    return true;
  }

  /** A cancelled Job row's pg-boss job is cancelled too; a job another attempt took over is left to it. */
  async abandon(job: ClaimedJob) {
    const row = await this.db.job.findUnique({ where: { id: job.id }, select: { status: true } });
    if (row?.status === "cancelled") await this.boss.cancel(BOSS_QUEUE, bossIdOf(job.id));
  }

  /**
   * pg-boss fails the attempts whose lease ran out (retry with backoff, or failed); their Job
   * rows follow. Rows left running by a table-queue worker before the upgrade are requeued (or
   * failed after MAX_ATTEMPTS) as the table queue would; then every queued row is sent on.
   */
  async recoverStale() {
    const expired = await this.countExpired();
    await this.boss.expire();
    const failedIds = await this.followExpiredAttempts();
    if (failedIds.length) await this.boss.cancel(BOSS_QUEUE, failedIds.map(bossIdOf));
    const orphans = await this.requeueOrphansFromBeforeUpgrade();
    await this.resumeStrandedReleases();
    await this.dispatchQueued();
    return expired + orphans;
  }

  private async countExpired() {
    const [{ n }] = await this.db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ${SCHEMA}.job WHERE name = $1 AND state = 'active' AND started_on + expire_in < now()`,
      BOSS_QUEUE,
    );
    return n;
  }

  /** Job rows still "running" whose pg-boss attempt expired: queued again, or failed after MAX_ATTEMPTS (their ids). */
  private async followExpiredAttempts() {
    const rows = await this.db.$queryRawUnsafe<{ id: number; status: string }[]>(
      `UPDATE "Job" j SET
         status = CASE WHEN b.state = 'failed' OR j.attempts >= $2::int THEN 'failed' ELSE 'queued' END,
         error = CASE WHEN b.state = 'failed' OR j.attempts >= $2::int THEN 'its worker stopped responding on every attempt'
                      ELSE 'its worker stopped responding; requeued' END,
         "finishedAt" = CASE WHEN b.state = 'failed' OR j.attempts >= $2::int THEN ${NOW_UTC} ELSE j."finishedAt" END,
         "lockedBy" = NULL, "lockedAt" = NULL
       FROM ${SCHEMA}.job b
       WHERE b.name = $1 AND b.id = ${BOSS_ID_OF_ROW} AND b.state IN ('retry', 'failed') AND j.status = 'running'
       RETURNING j.id, j.status`,
      BOSS_QUEUE,
      MAX_ATTEMPTS,
    );
    return rows.filter((r) => r.status === "failed").map((r) => r.id);
  }

  /** The upgrade path for running rows: a table-queue worker's job whose lease ran out is requeued (then sent on). */
  private async requeueOrphansFromBeforeUpgrade() {
    return this.db.$executeRawUnsafe(
      `UPDATE "Job" j SET
         status = CASE WHEN j.attempts >= $2::int THEN 'failed' ELSE 'queued' END,
         error = CASE WHEN j.attempts >= $2::int THEN 'its worker stopped responding on every attempt' ELSE 'its worker stopped responding; requeued' END,
         "finishedAt" = CASE WHEN j.attempts >= $2::int THEN ${NOW_UTC} ELSE j."finishedAt" END,
         "lockedBy" = NULL, "lockedAt" = NULL
       WHERE j.status = 'running' AND j."lockedAt" < ($3::timestamptz AT TIME ZONE 'UTC') AND NOT ${KNOWN_TO_BOSS}`,
      BOSS_QUEUE,
      MAX_ATTEMPTS,
      new Date(Date.now() - STALE_AFTER_MS).toISOString(),
    );
  }

  /** A worker that died between the two steps of a release left a queued row with a cancelled pg-boss job. */
  private async resumeStrandedReleases() {
    const rows = await this.db.$queryRawUnsafe<{ id: number }[]>(
      `SELECT j.id FROM "Job" j JOIN ${SCHEMA}.job b ON b.name = $1 AND b.id = ${BOSS_ID_OF_ROW}
       WHERE j.status = 'queued' AND b.state = 'cancelled'`,
      BOSS_QUEUE,
    );
    if (rows.length) await this.boss.resume(BOSS_QUEUE, rows.map((r) => bossIdOf(r.id)));
  }

  async nextDue() {
    await this.dispatchQueued();
    const [{ at }] = await this.db.$queryRawUnsafe<{ at: Date | null }[]>(
      `SELECT min(start_after) AS at FROM ${SCHEMA}.job WHERE name = $1 AND state IN ('created', 'retry')`,
      BOSS_QUEUE,
    );
    return at ? new Date(at) : null;
  }
}

// Test helper (not a test): the queue engine of the test database (the table queue on SQLite,
// pg-boss on PostgreSQL), so the same queue and worker tests run against both, and the few
// moves a test makes that only time would make otherwise (a backoff over, a lease run out).
import type { Db } from "../../lib/db/client";
import { bossIdOf, BOSS_QUEUE } from "../../lib/db/boss-queue";
import { openJobQueue } from "../../lib/db/job-queues";
import { MAX_LEASE_MS, STALE_AFTER_MS } from "../../lib/db/jobs";
import type { JobQueue } from "../../lib/db/queue";
import { testDatabaseKind } from "../db/test-db";

export const queueEngine = testDatabaseKind === "postgresql" ? "pg-boss" : "table";

export function openTestQueue(db: Db): Promise<JobQueue> {
  return openJobQueue(db);
}

/** The retry backoff of this job is over. */
export async function makeDue(db: Db, jobId: number) {
  await db.job.update({ where: { id: jobId }, data: { runAfter: new Date(0) } });
  if (queueEngine === "pg-boss") {
    await db.$executeRawUnsafe(`UPDATE pgboss.job SET start_after = now() - interval '1 second' WHERE name = $1 AND id = $2::uuid`, BOSS_QUEUE, bossIdOf(jobId));
  }
}

/** The running job's claim was last renewed longer ago than any lease: its worker looks dead. */
export async function backdateLease(db: Db, jobId: number) {
  const old = new Date(Date.now() - STALE_AFTER_MS - MAX_LEASE_MS - 5000);
  await db.job.update({ where: { id: jobId }, data: { lockedAt: old } });
  if (queueEngine === "pg-boss") {
    await db.$executeRawUnsafe(
      `UPDATE pgboss.job SET started_on = now() - interval '2 days', expire_in = interval '1 minute' WHERE name = $1 AND id = $2::uuid AND state = 'active'`,
      BOSS_QUEUE,
      bossIdOf(jobId),
    );
  }
}

/** How many pg-boss jobs these Job rows have (pg-boss only; null on the table queue). */
export async function bossJobCount(db: Db, jobIds: number[]): Promise<number | null> {
  if (queueEngine !== "pg-boss") return null;
  const [{ n }] = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND id = ANY($2::uuid[])`,
    BOSS_QUEUE,
    jobIds.map(bossIdOf),
  );
  return n;
}

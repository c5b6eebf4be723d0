// Which queue engine serves a database: pg-boss on PostgreSQL, the table queue on SQLite.
import { databaseUrlOf, type Db } from "./client";
import { databaseKind } from "./config";
import { BossQueue } from "./boss-queue";
import type { JobQueue } from "./queue";
import { TableQueue } from "./table-queue";

/** The queue for this client's database, opened (pg-boss: schema installed, queue created, outbox sent). */
export async function openJobQueue(db: Db, log?: (msg: string) => void): Promise<JobQueue> {
  const url = databaseUrlOf(db);
  const queue = databaseKind(url) === "postgresql" ? new BossQueue(db, url, log) : new TableQueue(db);
  await queue.open();
  return queue;
}

// The one place that creates Prisma clients. Everything else asks getDb().
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient, type Prisma } from "../../generated/prisma/client";
import { databaseKind, databaseUrl, sqliteFile } from "./config";

export type Db = PrismaClient;
/** A client or an open transaction: services that compose take this. */
export type DbTx = Prisma.TransactionClient;

export function createDb(url = databaseUrl()): Db {
  const kind = databaseKind(url);
  if (kind !== "sqlite") {
    throw new Error(`The ${kind} driver is not wired in yet`);
  }
  // busy timeout: wait for a concurrent writer (the worker process) instead of failing.
  const adapter = new PrismaBetterSQLite3({ url: `file:${sqliteFile(url)}`, timeout: 10_000 });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { parallaxDb?: Db };

/** Process-wide client (kept across hot reloads in development). */
export function getDb(): Db {
  globalForDb.parallaxDb ??= createDb();
  return globalForDb.parallaxDb;
}

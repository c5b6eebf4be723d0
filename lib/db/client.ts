// The one place that creates Prisma clients. Everything else asks getDb().
// SQLite (better-sqlite3) is the embedded default; a postgres:// DATABASE_URL switches to
// PostgreSQL (node-postgres). Both clients are generated from the same schema (see
// lib/db/schema-variants.ts) and expose the same API, so the rest of the code sees one type.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "../../generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "../../generated/postgresql/client/client";
import { databaseKind, databaseUrl, sqliteFile } from "./config";
import { profilePg } from "./pg-profile";
import { sqliteAdapter } from "./sqlite";

export type Db = PrismaClient;
/** A client or an open transaction: services that compose take this. */
export type DbTx = Prisma.TransactionClient;

/** The URL each client was created for (the job queue picks its engine by it, pg-boss connects to it). */
const urls = new WeakMap<object, string>();

export function databaseUrlOf(db: Db): string {
  return urls.get(db) ?? databaseUrl();
}

export function createDb(url = databaseUrl()): Db {
  const db = createClient(url);
  urls.set(db, url);
  return db;
}

function createClient(url: string): Db {
  if (databaseKind(url) === "postgresql") {
    const max = Number(process.env.PARALLAX_PG_POOL) || 10;
    // As long as a transaction may wait to start (inTx's maxWait): a request queued behind
    // others for a connection is slow, not failed.
    const pg = new PrismaPg({ connectionString: url, max, connectionTimeoutMillis: 30_000 });
    const adapter = process.env.PARALLAX_SQL_PROFILE === "1" ? profilePg(pg) : pg;
    // Same models, same generated API; only the provider-specific query compiler differs.
    return new PostgresPrismaClient({ adapter }) as unknown as PrismaClient;
  }
  return new PrismaClient({ adapter: sqliteAdapter(sqliteFile(url)) });
}

const globalForDb = globalThis as unknown as { parallaxDb?: Db };

/** Process-wide client (kept across hot reloads in development). */
export function getDb(): Db {
  globalForDb.parallaxDb ??= createDb();
  return globalForDb.parallaxDb;
}

/**
 * True for errors that only say the database was too busy to serve the request in time (no
 * free connection, the write lock held too long, a transaction that could not start): the
 * request changed nothing and may be sent again. Route handlers answer 503.
 */
export function isDatabaseBusy(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (code === "P2024" || code === "P2028" || code === "SQLITE_BUSY") return true;
    if (typeof message === "string" && /timeout exceeded when trying to connect|stayed locked by another process|Unable to start a transaction in the given time|database is locked/i.test(message)) return true;
  }
  return false;
}

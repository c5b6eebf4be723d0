// The one place that creates Prisma clients. Everything else asks getDb().
// SQLite (better-sqlite3) is the embedded default; a postgres:// DATABASE_URL switches to
// PostgreSQL (node-postgres). Both clients are generated from the same schema (see
// lib/db/schema-variants.ts) and expose the same API, so the rest of the code sees one type.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "../../generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "../../generated/postgresql/client/client";
import { databaseKind, databaseUrl, sqliteFile } from "./config";
import { profilePg } from "./pg-profile";
import { serializedSqlite, TRY_BEGIN } from "./sqlite-serial";
import { reuseStatements } from "./sqlite-statements";

export type Db = PrismaClient;
const BUSY_TIMEOUT_MS = 10_000;
/** A client or an open transaction: services that compose take this. */
export type DbTx = Prisma.TransactionClient;

export function createDb(url = databaseUrl()): Db {
  if (databaseKind(url) === "postgresql") {
    const max = Number(process.env.PARALLAX_PG_POOL) || 10;
    // As long as a transaction may wait to start (inTx's maxWait): a request queued behind
    // others for a connection is slow, not failed.
    const pg = new PrismaPg({ connectionString: url, max, connectionTimeoutMillis: 30_000 });
    const adapter = process.env.PARALLAX_SQL_PROFILE === "1" ? profilePg(pg) : pg;
    // Same models, same generated API; only the provider-specific query compiler differs.
    return new PostgresPrismaClient({ adapter }) as unknown as PrismaClient;
  }
  // busy timeout: wait for a concurrent writer (the worker process) instead of failing.
  const adapter = new PrismaBetterSQLite3({ url: `file:${sqliteFile(url)}`, timeout: BUSY_TIMEOUT_MS });
  // Serialized: a query outside a transaction must not run inside another's (sqlite-serial.ts).
  return new PrismaClient({ adapter: serializedSqlite(immediateTransactions(adapter)) });
}

/**
 * SQLite transactions that take the write lock when they begin (BEGIN IMMEDIATE) instead of at
 * their first write. With the adapter's plain BEGIN, a transaction that reads and then writes
 * fails at once with SQLITE_BUSY when another process (a second app instance, the job worker)
 * committed in between: its snapshot is stale and no busy timeout can help. Taking the lock
 * first makes concurrent writers queue on the busy timeout instead.
 */
function immediateTransactions(factory: PrismaBetterSQLite3): PrismaBetterSQLite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const client = (adapter as unknown as { client: Parameters<typeof reuseStatements>[0] }).client;
    reuseStatements(client);
    const prepare = client.prepare.bind(client);
    // tryBegin (see TRY_BEGIN) opens the transaction itself; the adapter's BEGIN that follows
    // is then skipped.
    let begun = false;
    client.prepare = (sql: string) => {
      if (sql !== "BEGIN") return prepare(sql);
      if (!begun) return prepare("BEGIN IMMEDIATE");
      begun = false;
      return { run: () => undefined } as unknown as ReturnType<typeof prepare>;
    };
    const busyTimeout = (ms: number) => (client as unknown as { pragma: (p: string) => unknown }).pragma(`busy_timeout = ${ms}`);
    (adapter as unknown as Record<symbol, () => boolean>)[TRY_BEGIN] = () => {
      busyTimeout(0);
      try {
        prepare("BEGIN IMMEDIATE").run();
        begun = true;
        return true;
      } catch (err) {
        if ((err as { code?: string }).code === "SQLITE_BUSY") return false;
        throw err;
      } finally {
        busyTimeout(BUSY_TIMEOUT_MS);
      }
    };
    return adapter;
  };
  return factory;
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

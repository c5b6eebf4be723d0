// The SQLite machinery that lets several processes share one database file safely and fairly:
// - immediate.ts: transactions take the write lock when they begin (BEGIN IMMEDIATE), and can
//   try to begin without blocking the process (TRY_BEGIN);
// - statements.ts: prepared statements reused (Prisma's adapter prepares every query afresh);
// - serial.ts: on the one connection of a process, a statement outside a transaction never runs
//   inside another's, and transactions wait asynchronously for the lock;
// - write-turns.ts: the web processes of one server take turns at the write lock in arrival
//   order, handed out by the server's primary process.
// All of it patches @prisma/adapter-better-sqlite3 6.19.x; adapter-contract.test.ts fails loudly
// when a Prisma upgrade changes what is patched.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { BUSY_TIMEOUT_MS, immediateTransactions } from "./immediate";
import { serializedSqlite } from "./serial";

/** The driver adapter for a SQLite file, with everything above applied. */
export function sqliteAdapter(file: string): PrismaBetterSQLite3 {
  // busy timeout: wait for a concurrent writer (the worker process) instead of failing.
  const adapter = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: BUSY_TIMEOUT_MS });
  // Serialized: a query outside a transaction must not run inside another's (serial.ts).
  return serializedSqlite(immediateTransactions(adapter));
}

// SQLite write transactions that take the lock when they begin, and can try to begin without
// blocking the process. Patches the connection that Prisma's better-sqlite3 adapter opens; what
// it relies on in the adapter is pinned by adapter-contract.test.ts.
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { TRY_BEGIN } from "./serial";
import { reuseStatements } from "./statements";

/** How long a statement waits for another process's write lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 10_000;

/**
 * SQLite transactions that take the write lock when they begin (BEGIN IMMEDIATE) instead of at
 * their first write. With the adapter's plain BEGIN, a transaction that reads and then writes
 * fails at once with SQLITE_BUSY when another process (a second app instance, the job worker)
 * committed in between: its snapshot is stale and no busy timeout can help. Taking the lock
 * first makes concurrent writers queue on the busy timeout instead.
 */
export function immediateTransactions(factory: PrismaBetterSQLite3): PrismaBetterSQLite3 {
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

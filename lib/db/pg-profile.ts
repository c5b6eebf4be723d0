// Where a request's PostgreSQL time goes (a development aid, PARALLAX_SQL_PROFILE=1, like the
// SQLite profile in sqlite/statements.ts): counts the statements the Prisma adapter sends (each
// is one round trip to the server, BEGIN and COMMIT included), the time spent waiting for their
// answers, and how long transactions stayed open (which is how long they held their row and
// advisory locks). `pgProfile()` gives the running totals, so a benchmark can take the
// difference around one operation; a process prints its totals when it exits.
import type { PrismaPg } from "@prisma/adapter-pg";

interface Query {
  sql: string;
}
interface Queryable {
  queryRaw(q: Query): Promise<unknown>;
  executeRaw(q: Query): Promise<unknown>;
}
interface Transaction extends Queryable {
  commit(): Promise<void>;
  rollback(): Promise<void>;
}
interface Adapter extends Queryable {
  startTransaction(isolationLevel?: string): Promise<Transaction>;
}

export interface PgProfile {
  /** statements sent (round trips), BEGIN and COMMIT included */
  statements: number;
  /** of which inside transactions */
  inTransactions: number;
  transactions: number;
  /** summed wall time between sending a statement and its answer, ms */
  waitMs: number;
  /** summed time transactions stayed open (BEGIN to COMMIT/ROLLBACK), ms */
  openMs: number;
  /** statements by SQL text (first 120 characters) */
  bySql: Map<string, number>;
}

const totals: PgProfile = { statements: 0, inTransactions: 0, transactions: 0, waitMs: 0, openMs: 0, bySql: new Map() };

let trace: string[] | null = null;

/** Starts recording the statements sent, in order (SQL text, first 160 characters); returns the recording so far. */
export function pgTrace(on: boolean): string[] {
  const was = trace ?? [];
  trace = on ? [] : null;
  return was;
}

export function pgProfile(): Omit<PgProfile, "bySql"> & { bySql: Map<string, number> } {
  return { ...totals, bySql: new Map(totals.bySql) };
}

function timed<T>(run: () => Promise<T>, sql: string, inTx: boolean): Promise<T> {
  const t0 = performance.now();
  totals.statements++;
  if (inTx) totals.inTransactions++;
  const key = sql.slice(0, 120);
  trace?.push((inTx ? "  tx " : "     ") + sql.replace(/\s+/g, " ").replace(/"public"\./g, "").slice(0, 160));
  totals.bySql.set(key, (totals.bySql.get(key) ?? 0) + 1);
  return run().finally(() => {
    totals.waitMs += performance.now() - t0;
  });
}

function wrapQueryable<T extends Queryable>(q: T, inTx: boolean): T {
  const queryRaw = q.queryRaw.bind(q);
  const executeRaw = q.executeRaw.bind(q);
  q.queryRaw = (query) => timed(() => queryRaw(query), query.sql, inTx);
  q.executeRaw = (query) => timed(() => executeRaw(query), query.sql, inTx);
  return q;
}

/** The adapter factory, with every statement and transaction counted. */
export function profilePg(factory: PrismaPg): PrismaPg {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = (await connect()) as unknown as Adapter;
    wrapQueryable(adapter, false);
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      // the adapter sends BEGIN itself, before the transaction is wrapped
      totals.statements++;
      totals.inTransactions++;
      totals.bySql.set("BEGIN", (totals.bySql.get("BEGIN") ?? 0) + 1);
      trace?.push("  tx BEGIN");
      const tx = wrapQueryable(await start(isolationLevel), true);
      const t0 = performance.now();
      totals.transactions++;
      const end = (f: () => Promise<void>) => () => f().finally(() => void (totals.openMs += performance.now() - t0));
      tx.commit = end(tx.commit.bind(tx));
      tx.rollback = end(tx.rollback.bind(tx));
      return tx;
    };
    return adapter as unknown as Awaited<ReturnType<PrismaPg["connect"]>>;
  };
  process.once("exit", () => {
    if (!totals.transactions && !totals.statements) return;
    const top = [...totals.bySql].sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.error(
      `[sql-profile] ${totals.statements} statements (${totals.inTransactions} in ${totals.transactions} transactions), ` +
        `waited ${totals.waitMs.toFixed(0)} ms, transactions open ${totals.openMs.toFixed(0)} ms (pid ${process.pid}); most sent: ` +
        top.map(([s, n]) => `${n}× ${s.replace(/\s+/g, " ").slice(0, 60)}`).join(" | "),
    );
  });
  return factory;
}

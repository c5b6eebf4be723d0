// Prepared-statement reuse for the SQLite adapter. Prisma's better-sqlite3 adapter prepares every
// query afresh (`client.prepare(sql).bind(args)`), and under load preparing cost about as much
// as running: the review queries are a few hundred distinct SQL texts repeated endlessly. This
// keeps the prepared statements (LRU) and hands the adapter a light statement whose bind()
// only remembers the arguments; better-sqlite3's own bind() would fix them on the cached
// statement for good.
//
// With PARALLAX_SQL_PROFILE=1 the time spent in each SQL text is summed and printed when the
// process exits (a development aid: where does a request's database time go?).

import { LRUCache } from "lru-cache";

interface Statement {
  reader: boolean;
  run(...args: unknown[]): unknown;
  columns(): { name: string; type: string | null }[];
  raw(on?: boolean): Statement;
  all(...args: unknown[]): unknown[];
}
interface Client {
  prepare(sql: string): Statement;
}

const MAX_STATEMENTS = 1000;

export function reuseStatements(client: Client, profile = process.env.PARALLAX_SQL_PROFILE === "1") {
  const prepare = client.prepare.bind(client);
  const cache = new LRUCache<string, Statement>({ max: MAX_STATEMENTS });
  const stats = profile ? sqlProfile() : null;
  const prepared = (sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
  const timed = <T>(sql: string, run: () => T): T => {
    if (!stats) return run();
    const t0 = performance.now();
    try {
      return run();
    } finally {
      stats.add(sql, performance.now() - t0);
    }
  };
  client.prepare = (sql: string) => {
    // Statements the adapter runs without bind() (BEGIN, COMMIT) and anything else: as before.
    const stmt = prepared(sql);
    const bound = (args: unknown[]): Statement => ({
      reader: stmt.reader,
      run: () => timed(sql, () => stmt.run(...args)),
      columns: () => stmt.columns(),
      raw: () => {
        stmt.raw(true);
        return bound(args);
      },
      all: () => timed(sql, () => stmt.all(...args)),
    });
    return Object.assign(Object.create(stmt) as Statement, {
      bind: (args: unknown[]) => bound(args),
      run: (...args: unknown[]) => timed(sql, () => stmt.run(...args)),
    });
  };
}

function sqlProfile() {
  const bySql = new Map<string, { n: number; ms: number }>();
  process.once("exit", () => {
    const rows = [...bySql].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40);
    const total = [...bySql.values()].reduce((s, e) => s + e.ms, 0);
    console.error(`[sql-profile] ${total.toFixed(0)} ms in ${bySql.size} statements (pid ${process.pid})`);
    for (const [sql, e] of rows) {
      console.error(`${e.ms.toFixed(0).padStart(8)} ms ${String(e.n).padStart(7)}× ${(e.ms / e.n).toFixed(3).padStart(7)} ms  ${sql.replace(/\s+/g, " ").slice(0, 220)}`);
    }
  });
  return {
    add(sql: string, ms: number) {
      const e = bySql.get(sql) ?? { n: 0, ms: 0 };
      e.n++;
      e.ms += ms;
      bySql.set(sql, e);
    },
  };
}

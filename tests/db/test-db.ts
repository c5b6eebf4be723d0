// Tests get a throw-away, fully migrated database of their own: SQLite by default, and
// PostgreSQL in the PostgreSQL pass of `npm test` (PARALLAX_TEST_DATABASE=postgresql; the
// server is PARALLAX_TEST_PG_URL, default postgresql://postgres@127.0.0.1:5432/postgres).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createDb, type Db } from "../../lib/db/client";
import { PROJECT_ROOT } from "../../lib/db/config";
import { migrationsDir, openSqlite } from "../../lib/db/migrate";

export interface TempDatabase {
  db: Db;
  url: string;
  /** Migrations applied when it was created. */
  applied: string[];
  close: () => Promise<void>;
}

export const testDatabaseKind: "sqlite" | "postgresql" =
  process.env.PARALLAX_TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";

const ADMIN_URL = process.env.PARALLAX_TEST_PG_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

function pgTestDatabase(args: string[]): string {
  const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, "tests", "db", "pg-test-database.mjs"), ...args], {
    encoding: "utf8",
    env: { ...process.env, PARALLAX_TEST_PG_URL: ADMIN_URL },
  });
  if (r.status !== 0) throw new Error(r.stderr.trim() || "could not create a PostgreSQL test database");
  return r.stdout.trim();
}

/**
 * Disconnects, but gives up after 10 s: a pooled connection left checked out (a transaction a
 * test or the code under test never ended) makes pg's pool wait for ever. The database is then
 * dropped WITH (FORCE), which closes that connection; the warning keeps the leak visible.
 */
async function disconnectWithin(db: Db, url: string, ms = 10_000) {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), ms)));
  const r = await Promise.race([db.$disconnect().then(() => "ok" as const), timedOut]);
  clearTimeout(timer);
  if (r === "timeout") console.warn(`[test-db] ${new URL(url).pathname.slice(1)}: a connection was still checked out after ${ms / 1000} s; dropping the database closes it`);
}

async function dropPostgres(url: string) {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

function allMigrationNames(): string[] {
  const dir = migrationsDir(testDatabaseKind);
  return fs
    .readdirSync(dir)
    .filter((d) => fs.existsSync(path.join(dir, d, "migration.sql")))
    .sort();
}

function sqliteMigrated(name: string): { url: string; dir: string; applied: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `parallax-${name}-`));
  const file = path.join(dir, `${name}.db`);
  // Synchronous on SQLite: the same steps as migrate(), which is async for PostgreSQL's sake.
  const db = openSqlite(file);
  const applied: string[] = [];
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS "_parallax_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TEXT NOT NULL)`);
    for (const m of allMigrationNames()) {
      const sql = fs.readFileSync(path.join(migrationsDir("sqlite"), m, "migration.sql"), "utf8");
      db.transaction(() => {
        db.exec(sql);
        db.prepare(`INSERT INTO "_parallax_migrations" ("name", "appliedAt") VALUES (?, ?)`).run(m, new Date().toISOString());
      })();
      applied.push(m);
    }
  } finally {
    db.close();
  }
  return { url: `file:${file}`, dir, applied };
}

export function tempDatabase(name = "test"): TempDatabase {
  if (testDatabaseKind === "postgresql") {
    const url = pgTestDatabase(["create"]);
    const db = createDb(url);
    return {
      db,
      url,
      applied: allMigrationNames(),
      close: async () => {
        await disconnectWithin(db, url);
        await dropPostgres(url);
      },
    };
  }
  const { url, dir, applied } = sqliteMigrated(name);
  const db = createDb(url);
  return {
    db,
    url,
    applied,
    close: async () => {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A copy of a prepared database (disconnect its clients first), so expensive fixtures such as
 * the aligned demo project are built once and copied for each test.
 */
export function cloneDatabase(sourceUrl: string): TempDatabase {
  if (testDatabaseKind === "postgresql") {
    const url = pgTestDatabase(["clone", new URL(sourceUrl).pathname.slice(1)]);
    const db = createDb(url);
    return {
      db,
      url,
      applied: [],
      close: async () => {
        await disconnectWithin(db, url);
        await dropPostgres(url);
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parallax-copy-"));
  const file = path.join(dir, "copy.db");
  fs.copyFileSync(sourceUrl.slice("file:".length), file);
  const db = createDb(`file:${file}`);
  return {
    db,
    url: `file:${file}`,
    applied: [],
    close: async () => {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

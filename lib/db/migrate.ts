// Applies prisma/migrations/*/migration.sql in order, each once, recorded in a table.
// The project owns this step (rather than `prisma migrate deploy`) because Prisma's
// WebAssembly schema engine cannot migrate a live PostgreSQL here, and one code path
// for both databases is simpler to trust.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { ConfigError, PROJECT_ROOT, databaseKind, databaseUrl, sqliteFile, type DatabaseKind } from "./config";

export const MIGRATIONS_TABLE = "_parallax_migrations";

export interface Migration {
  name: string;
  sql: string;
}

/** Each database has its own SQL (same folder names): prisma/migrations, prisma/migrations-postgresql. */
export function migrationsDir(kind: DatabaseKind): string {
  return path.join(PROJECT_ROOT, "prisma", kind === "postgresql" ? "migrations-postgresql" : "migrations");
}

export function listMigrations(dir = migrationsDir("sqlite")): Migration[] {
  if (!fs.existsSync(dir)) throw new ConfigError(`No migrations folder at ${dir}`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8") }));
}

/** Opens (creating if needed) the SQLite file, with a clear error when that is impossible. */
export function openSqlite(file: string): Database.Database {
  const dir = path.dirname(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
    if (fs.existsSync(file)) fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
  } catch {
    throw new ConfigError(`Cannot write the database at ${file}: check the folder exists and is writable, or set DATABASE_URL`);
  }
  try {
    const db = new Database(file, { timeout: 10_000 });
    // WAL lets the web server read while the worker writes; the setting persists in the file.
    db.pragma("journal_mode = WAL");
    db.pragma("foreign_keys = ON");
    return db;
  } catch (err) {
    throw new ConfigError(`Cannot open the database at ${file}: ${(err as Error).message}`);
  }
}

/** Brings the database up to date; returns the names of the migrations it applied. */
export async function migrate(url = databaseUrl(), migrations?: Migration[]): Promise<string[]> {
  const kind = databaseKind(url);
  const list = migrations ?? listMigrations(migrationsDir(kind));
  return kind === "postgresql" ? migratePostgres(url, list) : migrateSqlite(url, list);
}

function migrateSqlite(url: string, migrations: Migration[]): string[] {
  const db = openSqlite(sqliteFile(url));
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" ("name" TEXT PRIMARY KEY, "appliedAt" TEXT NOT NULL)`);
    const done = new Set(
      (db.prepare(`SELECT "name" FROM "${MIGRATIONS_TABLE}"`).all() as { name: string }[]).map((r) => r.name),
    );
    const applied: string[] = [];
    // Prisma rebuilds a table to change it (create new, copy, DROP old, rename). With foreign
    // keys on, that DROP deletes the old rows first and fires ON DELETE CASCADE / SET NULL in
    // the tables pointing at it (memberships gone, authors nulled). PRAGMA foreign_keys is a
    // no-op inside a transaction, so it is switched off here and the keys are checked instead.
    db.pragma("foreign_keys = OFF");
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      // One transaction per migration: a failed migration leaves nothing half-applied.
      db.transaction(() => {
        db.exec(m.sql);
        const broken = db.pragma("foreign_key_check") as { table: string; parent: string }[];
        if (broken.length) {
          throw new ConfigError(`Migration ${m.name} leaves ${broken.length} row(s) of ${broken[0].table} pointing at missing ${broken[0].parent} rows`);
        }
        db.prepare(`INSERT INTO "${MIGRATIONS_TABLE}" ("name", "appliedAt") VALUES (?, ?)`).run(m.name, new Date().toISOString());
      })();
      applied.push(m.name);
    }
    return applied;
  } finally {
    db.close();
  }
}

/** Where a PostgreSQL URL points, without its password, for messages. */
export function describePostgres(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "the configured server";
  }
}

/** Opens a connection with a clear, one-line error when the server or database is missing. */
export async function connectPostgres(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    return client;
  } catch (err) {
    const e = err as Error & { code?: string };
    const where = describePostgres(url);
    if (e.code === "3D000") throw new ConfigError(`PostgreSQL database ${where} does not exist: create it (createdb) or fix DATABASE_URL`);
    if (e.code === "ECONNREFUSED") throw new ConfigError(`Cannot reach PostgreSQL at ${where}: is the server running?`);
    throw new ConfigError(`Cannot connect to PostgreSQL at ${where}: ${e.message}`);
  }
}

// Arbitrary but fixed: serialises migrators of app instances starting at the same time.
const MIGRATION_LOCK = 7207002;

async function migratePostgres(url: string, migrations: Migration[]): Promise<string[]> {
  const client = await connectPostgres(url);
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" ("name" TEXT PRIMARY KEY, "appliedAt" TEXT NOT NULL)`);
    const done = new Set((await client.query<{ name: string }>(`SELECT "name" FROM "${MIGRATIONS_TABLE}"`)).rows.map((r) => r.name));
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      // PostgreSQL DDL is transactional: a failed migration leaves nothing half-applied.
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO "${MIGRATIONS_TABLE}" ("name", "appliedAt") VALUES ($1, $2)`, [m.name, new Date().toISOString()]);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new ConfigError(`Migration ${m.name} failed on PostgreSQL: ${(err as Error).message}`);
      }
      applied.push(m.name);
    }
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
}

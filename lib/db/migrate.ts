// Applies prisma/migrations/*/migration.sql in order, each once, recorded in a table.
// The project owns this step (rather than `prisma migrate deploy`) because Prisma's
// WebAssembly schema engine cannot migrate a live PostgreSQL here, and one code path
// for both databases is simpler to trust.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { ConfigError, PROJECT_ROOT, databaseKind, databaseUrl, sqliteFile } from "./config";

export const MIGRATIONS_TABLE = "_parallax_migrations";

export interface Migration {
  name: string;
  sql: string;
}

export function listMigrations(dir = path.join(PROJECT_ROOT, "prisma", "migrations")): Migration[] {
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
export function migrate(url = databaseUrl(), migrations = listMigrations()): string[] {
  if (databaseKind(url) !== "sqlite") throw new ConfigError("Only SQLite migrations are wired in so far");
  const db = openSqlite(sqliteFile(url));
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" ("name" TEXT PRIMARY KEY, "appliedAt" TEXT NOT NULL)`);
    const done = new Set(
      (db.prepare(`SELECT "name" FROM "${MIGRATIONS_TABLE}"`).all() as { name: string }[]).map((r) => r.name),
    );
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      // One transaction per migration: a failed migration leaves nothing half-applied.
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare(`INSERT INTO "${MIGRATIONS_TABLE}" ("name", "appliedAt") VALUES (?, ?)`).run(m.name, new Date().toISOString());
      })();
      applied.push(m.name);
    }
    return applied;
  } finally {
    db.close();
  }
}

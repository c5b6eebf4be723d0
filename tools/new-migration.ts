// `npm run db:migration -- NAME`: writes the SQL that takes the database from the existing
// migrations to prisma/schema.prisma into a new migration folder, for SQLite
// (prisma/migrations) and for PostgreSQL (prisma/migrations-postgresql, same folder name).
// `npm run db:migration -- --sync-postgres` only adds the PostgreSQL twin of any SQLite
// migration that lacks one.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PROJECT_ROOT } from "../lib/db/config";
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS, SQLITE_SCHEMA, postgresVariant } from "../lib/db/schema-variants";

// Each SQLite migration folder keeps the schema it leads to, so a migration is the difference
// between two snapshots (no database needed: the WebAssembly schema engine cannot diff from a
// live database or a shadow one here). The PostgreSQL SQL is the same difference between the
// PostgreSQL variants of those snapshots.
function diff(fromSchema: string | null, toSchema: string, config?: string): string {
  const from = fromSchema ? ["--from-schema-datamodel", fromSchema] : ["--from-empty"];
  const r = spawnSync(
    process.execPath,
    [
      path.join(PROJECT_ROOT, "node_modules", "prisma", "build", "index.js"),
      "migrate",
      "diff",
      ...(config ? ["--config", config] : []),
      ...from,
      "--to-schema-datamodel",
      toSchema,
      "--script",
    ],
    { cwd: PROJECT_ROOT, encoding: "utf8" },
  );
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  return r.stdout.trim();
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "parallax-migration-"));
let tmpCount = 0;
function pgVariantFile(sqliteSchemaFile: string): string {
  const file = path.join(tmp, `pg-${tmpCount++}.prisma`);
  fs.writeFileSync(file, postgresVariant(fs.readFileSync(sqliteSchemaFile, "utf8")));
  return file;
}

function snapshots(): string[] {
  return fs
    .readdirSync(SQLITE_MIGRATIONS)
    .filter((d) => fs.existsSync(path.join(SQLITE_MIGRATIONS, d, "schema.prisma")))
    .sort();
}

function writePostgresTwin(name: string, previous: string | undefined) {
  const to = pgVariantFile(path.join(SQLITE_MIGRATIONS, name, "schema.prisma"));
  const from = previous ? pgVariantFile(path.join(SQLITE_MIGRATIONS, previous, "schema.prisma")) : null;
  const dir = path.join(POSTGRES_MIGRATIONS, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), diff(from, to, path.join(PROJECT_ROOT, "prisma", "postgresql.config.ts")) + "\n");
  console.log(`wrote ${path.relative(PROJECT_ROOT, dir)}/migration.sql`);
}

function syncPostgres() {
  const names = snapshots();
  names.forEach((name, i) => {
    if (!fs.existsSync(path.join(POSTGRES_MIGRATIONS, name, "migration.sql"))) writePostgresTwin(name, names[i - 1]);
  });
}

try {
  const arg = process.argv[2] ?? "";
  if (arg === "--sync-postgres") {
    syncPostgres();
  } else {
    const name = arg.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
    if (!name) {
      console.error("usage: npm run db:migration -- NAME   (or -- --sync-postgres)");
      process.exit(2);
    }
    const previous = snapshots().at(-1);
    const sql = diff(previous ? path.join(SQLITE_MIGRATIONS, previous, "schema.prisma") : null, SQLITE_SCHEMA);
    if (!sql || /^-- This is an empty migration/.test(sql)) {
      console.log("The schema matches the migrations: nothing to do.");
    } else {
      const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
      const folder = `${stamp}_${name}`;
      const dir = path.join(SQLITE_MIGRATIONS, folder);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "migration.sql"), sql + "\n");
      fs.copyFileSync(SQLITE_SCHEMA, path.join(dir, "schema.prisma"));
      console.log(`wrote ${path.relative(PROJECT_ROOT, dir)}/migration.sql`);
    }
    syncPostgres();
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

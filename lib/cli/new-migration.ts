// `npm run db:migration -- NAME`: writes the SQL that takes the database from the
// existing migrations to prisma/schema.prisma into a new migration folder.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../db/config";

const name = (process.argv[2] ?? "").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
if (!name) {
  console.error("usage: npm run db:migration -- NAME");
  process.exit(2);
}
// Each migration folder keeps the schema it leads to, so the next migration is the
// difference between that snapshot and the current schema (no database needed; the
// WebAssembly schema engine cannot diff from a live database or a shadow one here).
const migrationsDir = path.join(PROJECT_ROOT, "prisma", "migrations");
const previous = fs
  .readdirSync(migrationsDir)
  .filter((d) => fs.existsSync(path.join(migrationsDir, d, "schema.prisma")))
  .sort()
  .at(-1);
const from = previous ? ["--from-schema-datamodel", path.join(migrationsDir, previous, "schema.prisma")] : ["--from-empty"];
const r = spawnSync(
  process.execPath,
  [path.join(PROJECT_ROOT, "node_modules", "prisma", "build", "index.js"), "migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { cwd: PROJECT_ROOT, encoding: "utf8" },
);
if (r.status !== 0) {
  console.error(r.stderr);
  process.exit(1);
}
const sql = r.stdout.trim();
if (!sql || /^-- This is an empty migration/.test(sql)) {
  console.log("The schema matches the migrations: nothing to do.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(PROJECT_ROOT, "prisma", "migrations", `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), sql + "\n");
fs.copyFileSync(path.join(PROJECT_ROOT, "prisma", "schema.prisma"), path.join(dir, "schema.prisma"));
console.log(`wrote ${path.relative(PROJECT_ROOT, dir)}/migration.sql`);

// Throw-away PostgreSQL databases for tests, created synchronously (tests call this through
// spawnSync so that tempDatabase() keeps its simple synchronous shape on both databases).
//   node tests/db/pg-test-database.mjs create          → a fresh migrated database; prints its URL
//   node tests/db/pg-test-database.mjs clone NAME      → a copy of database NAME; prints its URL
// Fresh databases are copies of a template migrated once per set of migrations (CREATE
// DATABASE … TEMPLATE is far faster than replaying the migrations each time).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const adminUrl = process.env.PARALLAX_TEST_PG_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const migrationsDir = path.join(root, "prisma", "migrations-postgresql");

function urlFor(name) {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

function migrations() {
  return fs
    .readdirSync(migrationsDir)
    .filter((d) => fs.existsSync(path.join(migrationsDir, d, "migration.sql")))
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8") }));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// CREATE DATABASE … TEMPLATE fails while anyone else (another test process) copies the same
// source; such collisions are brief, so wait and try again.
async function createFrom(admin, name, template) {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      return;
    } catch (err) {
      if (attempt > 200 || !/being accessed by other users/.test(err.message)) throw err;
      await sleep(50 + Math.random() * 100);
    }
  }
}

async function ensureTemplate(admin) {
  const list = migrations();
  const hash = crypto.createHash("sha256");
  for (const m of list) hash.update(m.name).update("\0").update(m.sql);
  const name = `parallax_tpl_${hash.digest("hex").slice(0, 12)}`;
  await admin.query("SELECT pg_advisory_lock(7207001)");
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount) return name;
    const building = `${name}_build`;
    await admin.query(`DROP DATABASE IF EXISTS "${building}"`);
    await admin.query(`CREATE DATABASE "${building}"`);
    const db = new pg.Client({ connectionString: urlFor(building) });
    await db.connect();
    try {
      // The same bookkeeping table as lib/db/migrate.ts, so migrate() sees these as applied.
      await db.query(`CREATE TABLE IF NOT EXISTS "_parallax_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TEXT NOT NULL)`);
      for (const m of list) {
        await db.query(m.sql);
        await db.query(`INSERT INTO "_parallax_migrations" ("name", "appliedAt") VALUES ($1, $2)`, [m.name, new Date().toISOString()]);
      }
    } finally {
      await db.end();
    }
    await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    return name;
  } finally {
    await admin.query("SELECT pg_advisory_unlock(7207001)");
  }
}

async function main() {
  const [cmd, source] = process.argv.slice(2);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const name = `parallax_test_${Math.floor(Date.now() / 1000)}_${crypto.randomBytes(4).toString("hex")}`;
    if (cmd === "create") await createFrom(admin, name, await ensureTemplate(admin));
    else if (cmd === "clone" && source) await createFrom(admin, name, source);
    else throw new Error("usage: pg-test-database.mjs create | clone NAME");
    process.stdout.write(urlFor(name));
  } finally {
    await admin.end();
  }
}

main().catch((err) => {
  process.stderr.write(`PostgreSQL test database: ${err.message}\n`);
  process.exit(1);
});

// `npm test`: the Vitest suite and the Playwright browser tests on SQLite, then the Vitest files
// that use a database and all browser tests again on PostgreSQL when a server is reachable (PARALLAX_TEST_PG_URL, default the local one on
// 127.0.0.1:5432), then one closing line "tests: N passed, N failed" over everything.
// Exits non-zero if anything fails. Without PostgreSQL the second pass is skipped, saying why.
// Tests that need the evaluation corpora (tests/corpora.ts) are skipped without them and
// counted as skipped; with PARALLAX_REQUIRE_CORPORA=1 (.ci/run, where the corpora are) they fail.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { missingCorpora } from "../tests/corpora";

const root = path.resolve(__dirname, "..");
// Outside test-results/, which Playwright empties when it starts.
const out = fs.mkdtempSync(path.join(os.tmpdir(), "parallax-test-reports-"));
const bin = (p: string) => path.join(root, "node_modules", ...p.split("/"));
const pgAdminUrl = process.env.PARALLAX_TEST_PG_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function readJson(file: string): any {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

interface PassResult {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  ok: boolean;
  line: string;
}

/** Test files that open a database (the rest — splitting, scoring, formats… — cannot differ by database). */
function databaseTestFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".test.ts") && /tempDatabase|cloneDatabase|freshEnv|createDb|getDb|test-db/.test(fs.readFileSync(p, "utf8"))) {
        files.push(path.relative(root, p));
      }
    }
  };
  for (const dir of ["lib", "seeds", "bench", "app", "tests"]) if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
  return files.sort();
}

function runPass(name: string, env: Record<string, string>, vitestFiles: string[] = []): PassResult {
  console.log(`\n=== ${name}: Vitest${vitestFiles.length ? ` (${vitestFiles.length} test files that use a database)` : ""} ===`);
  const vitestJson = path.join(out, `${name}-vitest.json`);
  const pwJson = path.join(out, `${name}-playwright.json`);
  const vitestCode = run([bin("vitest/vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`, ...vitestFiles], env);
  console.log(`\n=== ${name}: Playwright ===`);
  const pwCode = run([bin("@playwright/test/cli.js"), "test", "--reporter=list,json"], { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
  const v = readJson(vitestJson);
  const p = readJson(pwJson);
  const passed = (v?.numPassedTests ?? 0) + (p?.stats?.expected ?? 0);
  const failed =
    (v ? v.numFailedTests : 1) +
    (p ? (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0) : 1) +
    // A run that failed outside any test (setup, build, crash) still counts as a failure.
    (vitestCode && !v?.numFailedTests ? 1 : 0) +
    (pwCode && p && !(p.stats?.unexpected || p.stats?.flaky) ? 1 : 0);
  const skipped = (v?.numPendingTests ?? 0) + (v?.numTodoTests ?? 0) + (p?.stats?.skipped ?? 0);
  const pwSkipped = p?.stats?.skipped ? `, ${p.stats.skipped} skipped` : "";
  const pwLine = p ? `${p.stats.expected} passed, ${p.stats.unexpected} failed${pwSkipped}${pwCode && !p.stats.unexpected ? " (the run itself failed: see above)" : ""}` : "no result";
  const vSkipped = (v?.numPendingTests ?? 0) + (v?.numTodoTests ?? 0);
  const vLine = v
    ? `${v.numPassedTests} passed, ${v.numFailedTests} failed${vSkipped ? `, ${vSkipped} skipped` : ""}${v.numFailedTestSuites ? ` (${v.numFailedTestSuites} test files failed to run: see above)` : ""}`
    : "no result";
  const line = `${name}: vitest ${vLine} | playwright ${pwLine}`;
  return { name, passed, failed, skipped, ok: !vitestCode && !pwCode, line };
}

/** Why the PostgreSQL pass cannot run here, or null when it can. */
async function postgresUnavailable(): Promise<string | null> {
  if (process.env.PARALLAX_SKIP_POSTGRES) return "PARALLAX_SKIP_POSTGRES is set";
  const client = new pg.Client({ connectionString: pgAdminUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (err) {
    const u = new URL(pgAdminUrl);
    return `no PostgreSQL server answered at ${u.hostname}:${u.port || 5432} (${(err as Error).message}); start one or set PARALLAX_TEST_PG_URL`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Drops the throw-away databases this run created (tests drop their own; copies' sources stay). */
async function dropTestDatabases(sinceEpoch: number) {
  const client = new pg.Client({ connectionString: pgAdminUrl });
  try {
    await client.connect();
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'parallax\\_test\\_%'");
    for (const { datname } of rows) {
      const epoch = Number(datname.split("_")[2]);
      if (Number.isFinite(epoch) && epoch >= sinceEpoch) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } catch (err) {
    console.warn(`could not drop the PostgreSQL test databases: ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
}

async function main() {
  const results: PassResult[] = [runPass("sqlite", {})];
  const why = await postgresUnavailable();
  if (why) {
    console.log(`\nPostgreSQL pass skipped: ${why}`);
  } else {
    const start = Math.floor(Date.now() / 1000) - 1;
    // Every test that touches a database runs again on PostgreSQL, and every browser test.
    results.push(runPass("postgresql", { PARALLAX_TEST_DATABASE: "postgresql", PARALLAX_TEST_PG_URL: pgAdminUrl }, databaseTestFiles()));
    await dropTestDatabases(start);
  }
  console.log("");
  for (const r of results) console.log(r.line);
  if (why) console.log(`postgresql: skipped (${why})`);
  const passed = results.reduce((s, r) => s + r.passed, 0);
  const failed = results.reduce((s, r) => s + r.failed, 0);
  const skipped = results.reduce((s, r) => s + r.skipped, 0);
  const noCorpora = missingCorpora([]);
  if (skipped && noCorpora) console.log(`skipped: the tests that need the evaluation corpora, ${noCorpora}; set PARALLAX_CORPORA to run them`);
  console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  fs.rmSync(out, { recursive: true, force: true });
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}

void main();

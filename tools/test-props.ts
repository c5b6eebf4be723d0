// `npm run test:props -- --runs N [--steps M] [--seed S] [--db sqlite|postgresql|both] [--strict]
// [--path P] [--roundtrip step]`: the property-based test of the review operations
// (lib/db/review/props.test.ts) with a longer budget than `npm test` gives it, on SQLite and then
// on PostgreSQL when a server answers (PARALLAX_TEST_PG_URL, default the local one).
// --strict also fails on the known open bugs; --path replays a counterexample (with its --seed).
import { spawnSync } from "node:child_process";
import path from "node:path";
import pg from "pg";

const root = path.resolve(__dirname, "..");
const pgAdminUrl = process.env.PARALLAX_TEST_PG_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

function usage(msg?: string): never {
  if (msg) console.error(msg);
  console.error("usage: npm run test:props -- [--runs N] [--steps M] [--seed S] [--db sqlite|postgresql|both] [--strict] [--path P] [--roundtrip step|end]");
  process.exit(2);
}

function parseArgs(argv: string[]) {
  const o: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--strict") o.strict = "1";
    else if (a.startsWith("--") && ["runs", "steps", "seed", "db", "path", "roundtrip", "shrink-seconds"].includes(a.slice(2))) {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      o[a.slice(2)] = v;
    } else usage(`unknown argument ${a}`);
  }
  for (const k of ["runs", "steps", "seed", "shrink-seconds"]) if (o[k] !== undefined && !/^\d+$/.test(o[k])) usage(`--${k} takes a whole number`);
  if (o.db && !["sqlite", "postgresql", "both"].includes(o.db)) usage("--db is sqlite, postgresql or both");
  return o;
}

async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: pgAdminUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const env: Record<string, string> = {};
  if (o.runs) env.PROPS_RUNS = o.runs;
  if (o.steps) env.PROPS_STEPS = o.steps;
  if (o.seed) env.PROPS_SEED = o.seed;
  if (o.path) env.PROPS_PATH = o.path;
  if (o.strict) env.PROPS_STRICT = "1";
  if (o.roundtrip) env.PROPS_ROUNDTRIP = o.roundtrip;
  if (o["shrink-seconds"]) env.PROPS_SHRINK_SECONDS = o["shrink-seconds"];
  const which = o.db ?? "both";
  const results: string[] = [];
  let failed = false;
  const pass = (name: string, extra: Record<string, string>) => {
    console.log(`\n=== property-based review test on ${name} ===`);
    const started = Date.now();
    const r = spawnSync(process.execPath, [path.join(root, "node_modules", "vitest", "vitest.mjs"), "run", "lib/db/review/props.test.ts"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, ...env, ...extra },
    });
    const ok = r.status === 0;
    failed ||= !ok;
    results.push(`${name}: ${ok ? "passed" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  };
  if (which !== "postgresql") pass("sqlite", {});
  if (which !== "sqlite") {
    const why = await postgresReachable();
    if (why) {
      results.push(`postgresql: skipped (no server at ${new URL(pgAdminUrl).host}: ${why})`);
      if (which === "postgresql") failed = true;
    } else pass("postgresql", { PARALLAX_TEST_DATABASE: "postgresql", PARALLAX_TEST_PG_URL: pgAdminUrl });
  }
  console.log(`\n${results.join("\n")}`);
  process.exit(failed ? 1 : 0);
}

void main();

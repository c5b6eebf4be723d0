/**
 * Batch benchmark: 200 document pairs cut from the Bible (bible/006), imported as one batch
 * with the batch CLI into a fresh project, aligned by N separate worker processes
 * (`npm run worker -- --until-idle`). Reports wall time, jobs per minute, CPU use (the
 * workers' own and the whole machine's) and the load average, and verifies that every job
 * ran exactly once and every document pair ended ready.
 *
 *   npm run bench:batch -- [--workers N] [--concurrency C] [--db sqlite|postgresql] [--pairs 200] [--sentences 140] [--json]
 *
 * Workers: N separate `npm run worker` processes (as N machines would start them: DATABASE_URL
 * only), each with C job loops (`--concurrency`, default 1). On PostgreSQL they share pg-boss.
 *
 * Database: DATABASE_URL (SQLite or PostgreSQL) when set — use a database no other worker
 * serves, or those workers take part — else a fresh one of `--db` (default sqlite): a temporary
 * SQLite file, or a new PostgreSQL database on PARALLAX_TEST_PG_URL (default the local server),
 * dropped afterwards unless --keep.
 *
 * The cut: bible/006 is one sentence per line but the two sides are split differently
 * (30,000 English lines, 42,687 Chinese), so line numbers do not correspond. The whole Bible
 * is aligned once (about 10 s; the cut points are cached in the temp folder) and cut at bead
 * boundaries where both neighbouring beads are confident 1-1 matches, about every `--sentences`
 * English sentences: each document pair is then a real translation with clean edges. Lines
 * are joined five at a time into paragraphs, so the importer's sentence splitter has its
 * normal work to do.
 */
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { corporaDir, requireCorpora } from "../tests/corpora";

const ROOT = path.resolve(__dirname, "..");
const CORPORA = corporaDir();

function lines(file: string): string[] {
  const l = fs.readFileSync(file, "utf8").replace(/\r\n/g, "\n").split("\n");
  if (l.length && l[l.length - 1] === "") l.pop();
  return l;
}

interface Cut {
  en: [number, number];
  zh: [number, number];
}

/** Cut points at clean bead boundaries (cached: aligning the Bible takes ~10 s and ~600 MB). */
async function cutPoints(en: string[], zh: string[], pairs: number, sentences: number): Promise<Cut[]> {
  const key = crypto.createHash("sha1").update(`${en.length}:${zh.length}:${en[0]}:${zh[zh.length - 1]}:${pairs}:${sentences}:v1`).digest("hex").slice(0, 12);
  const cache = path.join(os.tmpdir(), `parallax-bench-batch-cuts-${key}.json`);
  if (fs.existsSync(cache)) return JSON.parse(fs.readFileSync(cache, "utf8")) as Cut[];
  process.stderr.write("aligning the whole Bible once to find clean cut points…\n");
  const { align } = await import("../lib/alignment");
  const res = align(
    zh.map((text) => ({ text })),
    en.map((text) => ({ text })),
    { mode: "parallel" },
  );
  const beads = res.beads;
  const clean = (i: number) => beads[i] && beads[i].en.length === 1 && beads[i].zh.length === 1 && (beads[i].score ?? 0) >= 60;
  const cuts: Cut[] = [];
  let startEn = 0;
  let startZh = 0;
  let target = sentences;
  for (let i = 0; i < beads.length - 1 && cuts.length < pairs; i++) {
    const endEn = Math.max(...beads[i].en, startEn - 1) + 1;
    const endZh = Math.max(...beads[i].zh, startZh - 1) + 1;
    if (endEn >= target && clean(i) && clean(i + 1)) {
      cuts.push({ en: [startEn, endEn], zh: [startZh, endZh] });
      startEn = endEn;
      startZh = endZh;
      target = endEn + sentences;
    }
  }
  if (cuts.length < pairs) throw new Error(`only ${cuts.length} document pairs of ~${sentences} sentences fit in the Bible: lower --pairs or --sentences`);
  fs.writeFileSync(cache, JSON.stringify(cuts));
  return cuts;
}

function paragraphs(part: string[], sep: string) {
  const out: string[] = [];
  for (let i = 0; i < part.length; i += 5) out.push(part.slice(i, i + 5).join(sep));
  return out.join("\n\n") + "\n";
}

/** Busy and total jiffies of all CPUs (Linux /proc/stat), for the machine's utilisation. */
function cpuTimes(): { busy: number; total: number } | null {
  try {
    const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] ?? 0);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => resolve({ code, out, err }));
  });
}

const PG_ADMIN_URL = process.env.PARALLAX_TEST_PG_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

/** A fresh PostgreSQL database for one run; returns its URL and how to drop it. */
async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `parallax_bench_batch_${Date.now()}_${crypto.randomBytes(3).toString("hex")}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: PG_ADMIN_URL });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

async function main() {
  const { values } = parseArgs({
    options: {
      workers: { type: "string", default: "1" },
      concurrency: { type: "string", default: "1" },
      db: { type: "string", default: "sqlite" },
      pairs: { type: "string", default: "200" },
      sentences: { type: "string", default: "140" },
      json: { type: "boolean" },
      keep: { type: "boolean" },
    },
    strict: true,
  });
  const workers = Number(values.workers);
  const concurrency = Number(values.concurrency);
  if (!(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 16)) throw new Error("--concurrency takes 1 to 16");
  if (values.db !== "sqlite" && values.db !== "postgresql") throw new Error("--db takes sqlite or postgresql");
  const pairs = Number(values.pairs);
  const sentences = Number(values.sentences);
  if (!(Number.isInteger(workers) && workers >= 1 && workers <= 16)) throw new Error("--workers takes 1 to 16");
  if (!(Number.isInteger(pairs) && pairs >= 1 && pairs <= 250)) throw new Error("--pairs takes 1 to 250 (a batch holds at most 500 files)");
  requireCorpora("bible");

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "parallax-bench-batch-"));
  const fresh = !process.env.DATABASE_URL?.trim() && values.db === "postgresql" ? await freshPostgres() : null;
  const databaseUrl = process.env.DATABASE_URL?.trim() || fresh?.url || `file:${path.join(tmp, "bench.db")}`;
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  const dbKind = databaseUrl.startsWith("file:") ? "SQLite" : "PostgreSQL";

  // 1. The corpus: 200 document pairs as name.en.txt / name.zh.txt files.
  const en = lines(path.join(CORPORA, "bible", "006.en"));
  const zh = lines(path.join(CORPORA, "bible", "006.zh"));
  const cuts = await cutPoints(en, zh, pairs, sentences);
  const dir = path.join(tmp, "corpus");
  fs.mkdirSync(dir);
  cuts.forEach((c, i) => {
    const name = `bible-${String(i + 1).padStart(3, "0")}`;
    fs.writeFileSync(path.join(dir, `${name}.en.txt`), paragraphs(en.slice(...c.en), " "));
    fs.writeFileSync(path.join(dir, `${name}.zh.txt`), paragraphs(zh.slice(...c.zh), ""));
  });
  const enSentences = cuts.reduce((n, c) => n + c.en[1] - c.en[0], 0);
  const zhSentences = cuts.reduce((n, c) => n + c.zh[1] - c.zh[0], 0);

  // 2. The schema, then the batch import through the CLI into a fresh project.
  const { migrate } = await import("../lib/db/migrate");
  await migrate(databaseUrl);
  const project = `bench batch ${new Date().toISOString().replace(/[:.]/g, "-")}`;
  const { createDb } = await import("../lib/db/client");
  const db = createDb(databaseUrl);
  const foreign = await db.job.count({ where: { status: { in: ["queued", "running"] } } });
  if (foreign > 0) process.stderr.write(`warning: ${foreign} other job(s) queued or running on this database: the workers will run them too\n`);
  const tImport = performance.now();
  const imp = await run("npm", ["run", "--silent", "import", "--", "--project", project, "--dir", dir, "--json"], env);
  const importMs = performance.now() - tImport;
  if (imp.code !== 0) throw new Error(`the import failed (exit ${imp.code}):\n${imp.err}`);
  const imported = JSON.parse(imp.out.trim().split("\n").pop()!) as { projectId: number; created: { bitextId: number; jobId: number }[] };
  if (imported.created.length !== pairs) throw new Error(`${imported.created.length} document pairs imported, expected ${pairs}:\n${imp.err}`);
  const jobIds = imported.created.map((c) => c.jobId);
  const bitextIds = imported.created.map((c) => c.bitextId);

  // 3. N worker processes drain the queue.
  const load0 = os.loadavg();
  const cpu0 = cpuTimes();
  const t0 = performance.now();
  const results = await Promise.all(
    Array.from({ length: workers }, (_, k) =>
      run("npm", ["run", "--silent", "worker", "--", "--until-idle", "--id", `w${k + 1}`, "--concurrency", String(concurrency)], env),
    ),
  );
  const wallMs = performance.now() - t0;
  const cpu1 = cpuTimes();
  const load1 = os.loadavg();
  for (const [k, r] of results.entries()) if (r.code !== 0) throw new Error(`worker w${k + 1} exited with ${r.code}:\n${r.err}\n${r.out}`);

  // 4. Verification: every job done on its first attempt, each document pair aligned once (audit log), all ready.
  const jobs = await db.job.findMany({ where: { id: { in: jobIds } }, select: { status: true, attempts: true, startedAt: true, finishedAt: true } });
  const aligns = await db.auditLog.groupBy({ by: ["bitextId"], where: { action: "align", bitextId: { in: bitextIds } }, _count: { _all: true } });
  const ready = await db.bitext.count({ where: { id: { in: bitextIds }, status: "ready" } });
  const alignedPairs = await db.alignmentPair.count({ where: { bitextId: { in: bitextIds } } });
  const perWorker = results.map((r) => (r.out.match(/job \d+ done/g) ?? []).length);
  const workerCpu = results.map((r) => {
    const m = /cpu ([\d.]+) s user \+ ([\d.]+) s system; peak RSS (\d+) MB/.exec(r.out);
    return m ? { cpuS: Number(m[1]) + Number(m[2]), rssMb: Number(m[3]) } : { cpuS: NaN, rssMb: NaN };
  });
  const jobMs = jobs.filter((j) => j.startedAt && j.finishedAt).map((j) => j.finishedAt!.getTime() - j.startedAt!.getTime());
  jobMs.sort((a, b) => a - b);
  const verify = {
    allDone: jobs.length === pairs && jobs.every((j) => j.status === "done"),
    firstAttempt: jobs.every((j) => j.attempts === 1),
    eachAlignedOnce: aligns.length === pairs && aligns.every((a) => a._count._all === 1),
    allReady: ready === pairs,
    workersRanAll: perWorker.reduce((a, b) => a + b, 0) === pairs,
  };
  await db.$disconnect();

  const cores = os.cpus().length;
  const machineUtil = cpu0 && cpu1 ? (cpu1.busy - cpu0.busy) / (cpu1.total - cpu0.total) : null;
  const workerCpuS = workerCpu.reduce((a, w) => a + w.cpuS, 0);
  const report = {
    database: dbKind,
    workers,
    concurrency,
    pairs,
    sentences: { en: enSentences, zh: zhSentences },
    importS: +(importMs / 1000).toFixed(1),
    wallS: +(wallMs / 1000).toFixed(1),
    jobsPerMinute: +((pairs / wallMs) * 60_000).toFixed(1),
    alignedPairs,
    jobMs: { median: jobMs[Math.floor(jobMs.length / 2)], p90: jobMs[Math.floor(jobMs.length * 0.9)], mean: Math.round(jobMs.reduce((a, b) => a + b, 0) / jobMs.length) },
    perWorker,
    workerCpuS: +workerCpuS.toFixed(1),
    workerCores: +(workerCpuS / (wallMs / 1000)).toFixed(2),
    workerPeakRssMb: workerCpu.map((w) => w.rssMb),
    machine: { cores, utilisation: machineUtil === null ? null : +(machineUtil * 100).toFixed(0), loadBefore: load0.map((x) => +x.toFixed(2)), loadAfter: load1.map((x) => +x.toFixed(2)) },
    verify,
  };
  if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  else {
    const out = (s: string) => process.stdout.write(s + "\n");
    out(
      `batch: ${pairs} document pairs (${enSentences.toLocaleString("en")} EN / ${zhSentences.toLocaleString("en")} ZH sentences) on ${dbKind}, ${workers} worker process(es) × ${concurrency} loop(s)`,
    );
    out(`  import (CLI, one transaction): ${report.importS} s`);
    out(`  wall (workers start → last exits): ${report.wallS} s  →  ${report.jobsPerMinute} jobs/min`);
    out(`  job duration: median ${report.jobMs.median} ms, p90 ${report.jobMs.p90} ms, mean ${report.jobMs.mean} ms`);
    out(`  jobs per worker: ${perWorker.join(" / ")}`);
    out(`  worker CPU: ${report.workerCpuS} s = ${report.workerCores} cores busy on average; peak RSS ${report.workerPeakRssMb.join(" / ")} MB`);
    out(`  machine: ${cores} cores, ${report.machine.utilisation ?? "?"}% busy over the run; load average ${load0.map((x) => x.toFixed(2)).join(" ")} before, ${load1.map((x) => x.toFixed(2)).join(" ")} after`);
    out(`  verified: ${Object.entries(verify).map(([k, v]) => `${k} ${v ? "yes" : "NO"}`).join(", ")}`);
  }
  if (!values.keep) {
    fs.rmSync(tmp, { recursive: true, force: true });
    await fresh?.drop();
  } else process.stderr.write(`kept ${tmp}${fresh ? ` and ${fresh.url}` : ""}\n`);
  if (!Object.values(verify).every(Boolean)) process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(`error: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});

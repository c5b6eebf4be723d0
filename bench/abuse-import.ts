// npm run bench:abuse (second half; bench/abuse-uploads.ts is the first) — the large-import abuse case of issue 15: a 19 MB TMX (111,111 units,
// synthetic) is checked and queued as the route does, then stored by a job worker in its own
// process while 10 editor processes keep writing small transactions to the same SQLite file.
// Reports the queueing time (the request's share), the import time, the job process's peak RSS,
// and the editors' write latency (p50, p95, max; target p95 < 300 ms).
//   --units N      translation units (default 111111)
//   --editors N    editor processes (default 10)
import { WORKER_NODE_ARGS } from "../lib/jobs/limits";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createDb } from "../lib/db/client";
import { tempDatabase } from "../tests/db/test-db";
import { queueAlignedImport, runImportJob } from "../lib/db/import-job";
import { claimNextJob, completeJob } from "../lib/db/jobs";
import { readAlignmentUpload } from "../lib/formats";
import { syntheticTmx } from "../tests/synthetic-alignment";

const ROOT = path.resolve(__dirname, "..");
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};

/**
 * An editor: a small write transaction every 50–100 ms until the stop file appears. A write that
 * fails (Prisma gives up waiting for its transaction after 2 s on a very busy machine) is counted
 * with the time it took and flagged, instead of stopping the benchmark.
 */
async function editor(url: string, stopFile: string, projectId: number) {
  const db = createDb(url);
  const waits: [number, number, number][] = [];
  while (!fs.existsSync(stopFile)) {
    const at = Date.now();
    const t = performance.now();
    let failed = 0;
    try {
      await db.$transaction(async (tx) => {
        await tx.project.update({ where: { id: projectId }, data: { description: `edit ${process.pid} ${waits.length}` } });
        await tx.auditLog.create({ data: { projectId, entityType: "project", entityId: projectId, action: "update", after: { n: waits.length } } });
      });
    } catch {
      failed = 1;
    }
    waits.push([at, performance.now() - t, failed]);
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 50));
  }
  await db.$disconnect();
  process.stdout.write(JSON.stringify(waits));
}

/**
 * The import job in a process of its own: claimed from the queue and run by runImportJob, as
 * the worker does (without the worker's heartbeat timers, and without the checks job it queues
 * next, which is a different workload).
 */
async function worker(url: string, importDir: string) {
  process.env.PARALLAX_IMPORT_DIR = importDir;
  const db = createDb(url);
  const job = await claimNextJob(db, "bench");
  if (!job || job.type !== "import") throw new Error("no import job queued");
  const started = Date.now();
  let error: string | null = null;
  const chunks: number[] = [];
  const holds: number[] = [];
  try {
    const result = await runImportJob(db, job, {
      onChunk: (ms, held?: number) => {
        chunks.push(ms);
        if (held !== undefined) holds.push(held);
      },
    });
    await completeJob(db, job.id, "bench", result);
  } catch (err) {
    error = (err as Error).message;
  }
  const window = [started, Date.now()];
  await db.$disconnect();
  const stats = (xs: number[]) => ({ n: xs.length, p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: Math.max(...xs), over200: xs.filter((x) => x > 200).length });
  process.stdout.write(
    JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024, status: error ? "failed" : "done", error, window, chunkStats: stats(chunks), holdStats: holds.length ? stats(holds) : null }),
  );
}

function child(args: string[], nodeArgs: string[] = []) {
  const p = spawn(process.execPath, [...nodeArgs, "--import", "tsx", __filename, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  p.stdout.on("data", (c: Buffer) => (out += c.toString()));
  return new Promise<string>((resolve, reject) => p.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${args[0]} exited ${code}`)))));
}

async function main() {
  const units = arg("units", 111_111);
  const editors = arg("editors", 10);
  const temp = tempDatabase("abuse");
  const dir = fs.mkdtempSync(path.join(path.dirname(temp.url.replace(/^file:/, "")), "imports-"));
  const stopFile = path.join(dir, "stop");
  process.env.PARALLAX_IMPORT_DIR = dir;
  const owner = await temp.db.project.create({ data: { name: "editors' project" } });

  const files = [{ name: "abuse.tmx", bytes: new Uint8Array(Buffer.from(syntheticTmx(units))) }];
  let t = performance.now();
  const corpus = readAlignmentUpload(files);
  const parseMs = performance.now() - t;
  const queued = await queueAlignedImport(temp.db, { projectName: "abuse", title: "19 MB TMX", mode: "parallel" }, files, corpus.pairs, null);
  const queueMs = performance.now() - t;
  console.error(`${(files[0].bytes.length / 1048576).toFixed(1)} MiB, ${units} units: read and checked in ${parseMs.toFixed(0)} ms, staged and queued in ${(queueMs - parseMs).toFixed(0)} ms (the request's share); parent RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

  const editing = Array.from({ length: editors }, () => child(["--editor", temp.url, stopFile, String(owner.id)]));
  await new Promise((r) => setTimeout(r, 3000)); // editors connected and writing
  t = performance.now();
  // with the heap budget the real worker runs with (lib/jobs/limits.ts)
  const w = JSON.parse(await child(["--worker", temp.url, dir], WORKER_NODE_ARGS));
  const importMs = performance.now() - t;
  fs.writeFileSync(stopFile, "");
  const writes = (await Promise.all(editing)).flatMap((o) => JSON.parse(o) as [number, number, number][]);
  const failedDuring = writes.filter(([at, , failed]) => failed && at >= w.window[0] && at <= w.window[1]).length;
  // the writes that started while the import job ran (the checks job that follows is reported apart)
  const during = (inside: boolean) => writes.filter(([at]) => (at >= w.window[0] && at <= w.window[1]) === inside).map(([, ms]) => ms);
  const waits = during(true);
  const others = during(false);
  const pairs = await temp.db.alignmentPair.count({ where: { bitextId: queued.bitextId } });
  const status = (await temp.db.bitext.findUnique({ where: { id: queued.bitextId } }))?.status;
  await temp.close();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(
    [
      `import job: ${w.status}${w.error ? ` (${w.error})` : ""}, ${pairs} pairs stored, document pair ${status}, job ran ${((w.window[1] - w.window[0]) / 1000).toFixed(1)} s (its process ${(importMs / 1000).toFixed(1)} s), peak RSS ${w.maxRssMb.toFixed(0)} MB`,
      `chunks (each its own transaction, waiting for the lock included): ${w.chunkStats.n}, p50 ${w.chunkStats.p50.toFixed(0)} ms, p95 ${w.chunkStats.p95.toFixed(0)} ms, max ${w.chunkStats.max.toFixed(0)} ms`,
      w.holdStats
        ? `write lock held per chunk (first statement to commit): p50 ${w.holdStats.p50.toFixed(0)} ms, p95 ${w.holdStats.p95.toFixed(0)} ms, max ${w.holdStats.max.toFixed(0)} ms, ${w.holdStats.over200} chunks over 200 ms`
        : "write lock held per chunk: not reported by this code",
      `editors: ${editors} processes, ${waits.length} writes during the import (${failedDuring} failed): p50 ${quantile(waits, 0.5).toFixed(0)} ms, p95 ${quantile(waits, 0.95).toFixed(0)} ms, p99 ${quantile(waits, 0.99).toFixed(0)} ms, max ${Math.max(...waits).toFixed(0)} ms (target p95 < 300 ms)`,
      `editors' writes outside the import job (before it): ${others.length}, p95 ${quantile(others, 0.95).toFixed(0)} ms, max ${Math.max(...others).toFixed(0)} ms`,
    ].join("\n"),
  );
}

if (process.argv[2] === "--editor") void editor(process.argv[3], process.argv[4], Number(process.argv[5]));
else if (process.argv[2] === "--worker") void worker(process.argv[3], process.argv[4]);
else
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });

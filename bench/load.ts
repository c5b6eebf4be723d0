// `npm run bench:load`: many signed-in editors reviewing one large document pair at once,
// against the production server (lib/cli/start.ts) on loopback. Each editor, in a closed loop,
// reads a pair and acts on the version it read (confirm, flag, flag note, correction,
// merge/split); most work in their own part of the document, some on a few shared pairs where
// they collide (intended 409 conflicts). Reports throughput and latency percentiles, then
// verifies from the database that every acknowledged write is stored exactly once, that
// nothing refused or failed was stored, and that the bitext invariants hold (bench/lib/verify.ts).
// Exits non-zero on a lost, duplicated or unacknowledged write, an invariant failure or an
// error answer.
//
// Editors pause between actions, 3 s on average (exponentially distributed), as people do: a
// reviewer reads a pair before confirming or flagging it (3 s is still faster than anyone
// reviews; 50 such editors make 15 actions a second). --think-ms 0 makes it a saturation test
// instead: every editor sends its next request the moment the last one is answered, so the
// server is always full and latency measures the queue (≈ editors ÷ throughput).
//
//   npm run bench:load -- [--db sqlite|postgresql] [--instances 1|2] [--editors 50] [--actions 10000]
//                         [--pairs 10000] [--hot-pairs 20] [--hot-share 0.1] [--warmup 100] [--think-ms 3000] [--seed 1] [--keep]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createEditors, signUpAdmin, type Person } from "./lib/accounts";
import { parseArgs, runBenchmark } from "./lib/args";
import { importBenchBitext, maxAuditId } from "./lib/corpus";
import { errorLines, latencyLines, latencyOverTime, outcomeTable, slowestLines } from "./lib/report";
import { App, freePort, loadAverage, machine } from "./lib/server";
import { summarize } from "./lib/stats";
import { verifyRun } from "./lib/verify";
import { Workload } from "./lib/workload";

const USAGE =
  "usage: npm run bench:load -- [--db sqlite|postgresql] [--instances 1|2] [--editors N] [--actions N] [--pairs N] [--hot-pairs N] [--hot-share F] [--warmup N] [--think-ms N] [--seed N] [--keep]";
const P95_TARGET_MS = 150;

async function main() {
  const args = parseArgs(
    process.argv.slice(2),
    {
      db: { choices: ["sqlite", "postgresql"], default: "sqlite" },
      instances: { int: { min: 1, max: 2 }, default: 1 },
      editors: { int: { min: 1, max: 250 }, default: 50 },
      actions: { int: { min: 1, max: 1_000_000 }, default: 10_000 },
      pairs: { int: { min: 100, max: 200_000 }, default: 10_000 },
      hotPairs: { int: { min: 0, max: 10_000 }, default: 20 },
      hotShare: { num: { min: 0, max: 1 }, default: 0.1 },
      seed: { int: { min: 0, max: 2 ** 31 }, default: 1 },
      warmup: { int: { min: 0, max: 100_000 }, default: 100 },
      thinkMs: { int: { min: 0, max: 600_000 }, default: 3000 },
      keep: { flag: true, default: false },
    },
    USAGE,
  );
  // tempDatabase() picks SQLite or PostgreSQL from this variable when its module loads.
  process.env.PARALLAX_TEST_DATABASE = args.db;
  const { tempDatabase } = await import("../tests/db/test-db");

  const startedAt = new Date();
  const loadStart = loadAverage();
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "parallax-load-"));
  const temp = tempDatabase("bench-load");
  const apps: App[] = [];
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    await Promise.all(apps.map((a) => a.stop().catch(() => undefined)));
    if (args.keep) console.log(`kept the database: ${temp.url}`);
    else await temp.close().catch(() => undefined);
  };
  const onSignal = () => void cleanup().then(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    let t = performance.now();
    const { projectId, bitextId, order } = await importBenchBitext(temp.db, args.pairs, "load test");
    const importS = (performance.now() - t) / 1000;

    t = performance.now();
    for (let i = 0; i < args.instances; i++) {
      const app = App.spawn({ databaseUrl: temp.url, port: await freePort(), nextDir: ".next-load", logFile: path.join(logDir, `app-${i + 1}.log`) });
      apps.push(app);
      // One at a time: the first start builds when sources changed; the second finds the build.
      await app.ready();
    }
    const serverS = (performance.now() - t) / 1000;

    t = performance.now();
    const admin = await signUpAdmin(apps[0].base);
    const editors: Person[] = await createEditors(temp.db, { bases: apps.map((a) => a.base), projectId, count: args.editors, admin });
    const accountsS = (performance.now() - t) / 1000;

    const auditFloor = await maxAuditId(temp.db);
    // The first actions warm the server up (verified with the rest, left out of the figures):
    // the first edits in a server process compile code paths and build the caches that
    // re-scoring and the automatic checks keep per document pair (the checks read the whole
    // document once). The editors go on into the measured actions without a pause.
    const workload = new Workload(
      { bitextId, actions: args.warmup + args.actions, warmup: args.warmup, hotPairs: args.hotPairs, hotShare: args.hotShare, seed: args.seed, thinkMs: args.thinkMs },
      order,
    );
    const loadRun = loadAverage();
    await workload.run(editors);
    const loadEnd = loadAverage();
    const warmupS = (workload.measuredFrom ?? workload.endedAt) / 1000;
    const runS = (workload.endedAt - (workload.measuredFrom ?? workload.endedAt)) / 1000;
    for (const e of [...editors, admin]) e.client.close();
    await Promise.all(apps.map((a) => a.stop()));

    const all = workload.records;
    const records = all.filter((r) => !r.warmup);
    const reads = workload.reads.filter((r) => !r.warmup);
    const warmupWrites = all.length - records.length;
    const writes = summarize(records.filter((r) => r.status > 0).map((r) => r.ms));
    const errors = all.filter((r) => r.outcome === "error" || r.outcome === "unknown");
    const acked = all.filter((r) => r.outcome === "ok").length;
    const lines = [
      `load test, ${startedAt.toISOString()}`,
      `  command: npm run bench:load -- ${process.argv.slice(2).join(" ") || "(defaults)"}`,
      `  database ${args.db}, ${args.instances} app instance(s), ${args.editors} editors, ${args.actions} actions, ${order.length} pairs`,
      `  shared pairs: the first ${args.hotPairs}, ${(args.hotShare * 100).toFixed(0)} % of actions; seed ${args.seed}; ` +
        (args.thinkMs ? `each editor pauses ${args.thinkMs} ms on average between actions` : "closed loop without pauses (saturation: latency ≈ editors ÷ throughput)"),
      `machine: ${machine()}`,
      `load average (1/5/15 min): before setup ${loadStart}, at the start of the run ${loadRun}, at its end ${loadEnd}`,
      `setup: import ${importS.toFixed(1)} s, server(s) ready ${serverS.toFixed(1)} s, ${args.editors + 1} accounts ${accountsS.toFixed(1)} s, ` +
        `warm-up ${warmupWrites} writes in ${warmupS.toFixed(1)} s (verified below, not in the figures)`,
      `run: ${records.length} writes and ${reads.length} reads in ${runS.toFixed(1)} s: ${(records.length / runS).toFixed(1)} actions/s` +
        ` (GETs re-sent after a kept-alive connection closed under them: ${editors.reduce((n, e) => n + e.client.transportRetries, 0)})`,
      ...editors.flatMap((e) => e.client.retryReasons.map((m) => `  re-sent GET (${e.name}): ${m}`)).slice(0, 5),
      ...latencyLines(records, reads),
      `writes over the run:`,
      ...latencyOverTime(records, workload.measuredFrom ?? 0),
      `slowest requests:`,
      ...slowestLines(records, reads, workload.measuredFrom ?? 0),
      `outcomes:`,
      ...outcomeTable(records),
      ...(errors.length ? ["errors (warm-up included):", ...errorLines(all)] : []),
      `p95 of writes ${writes.p95.toFixed(0)} ms: ${writes.p95 < P95_TARGET_MS ? "within" : "ABOVE"} the ${P95_TARGET_MS} ms target`,
      `server logs: ${logDir}`,
    ];
    console.log(lines.join("\n"));

    t = performance.now();
    const result = await verifyRun(temp.db, { bitextId, auditFloor, initialPairIds: order, records: all });
    const verifyS = (performance.now() - t) / 1000;
    const verdict = [
      `verification (${verifyS.toFixed(1)} s): ${result.stats.auditRows} audit rows written during warm-up and run for ${acked} acknowledged writes; ` +
        `${result.stats.editorFlags} editor flags, ${result.stats.corrections} correction rows, ${result.stats.pairs} pairs`,
      ...(result.problems.length ? result.problems.map((p) => `  FAIL ${p}`) : ["  OK: every acknowledged write stored exactly once, nothing else stored, invariants hold"]),
    ];
    console.log(verdict.join("\n"));
    const failed = result.problems.length > 0 || errors.length > 0;
    await cleanup();
    process.exit(failed ? 1 : 0);
  } catch (err) {
    await cleanup();
    throw err;
  }
}

runBenchmark(main);

// `npm run bench:crash`: kill -9 the production server (its whole process group: start.ts,
// the Next.js server and the job worker) in the middle of a burst of concurrent writes
// including merges and splits, then check the database: SQLite's integrity check (SQLite
// only), the bitext invariants, every write acknowledged before the kill present, and no
// half-applied change (a merge or split is there with its audit row or not at all; each
// request that was in flight is either wholly stored or not at all; bench/lib/verify.ts).
// The server is restarted through start.ts and the next round begins. Exits non-zero on any
// failure.
//
//   npm run bench:crash -- [--db sqlite|postgresql] [--rounds 5] [--editors 10] [--pairs 3000]
//                          [--min-writes 40] [--seed 1] [--keep]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { createEditors, signUpAdmin, type Person } from "./lib/accounts";
import { parseArgs, runBenchmark } from "./lib/args";
import { importBenchBitext, maxAuditId } from "./lib/corpus";
import { outcomeTable } from "./lib/report";
import { App, freePort, loadAverage, machine } from "./lib/server";
import { verifyRun } from "./lib/verify";
import { Workload, rng, type WriteRecord } from "./lib/workload";

const USAGE = "usage: npm run bench:crash -- [--db sqlite|postgresql] [--rounds N] [--editors N] [--pairs N] [--min-writes N] [--seed N] [--keep]";

/** SQLite's own check of the file (b-trees, indexes, free lists) and of the foreign keys. */
function sqliteIntegrity(file: string): string[] {
  // Opening the file after the kill replays (or discards) the write-ahead log, as the restarted server would.
  const db = new Database(file, { timeout: 10_000 });
  try {
    const problems: string[] = [];
    const rows = db.pragma("integrity_check") as { integrity_check: string }[];
    if (rows.length !== 1 || rows[0].integrity_check !== "ok") problems.push(...rows.map((r) => `integrity_check: ${r.integrity_check}`));
    const fk = db.pragma("foreign_key_check") as object[];
    if (fk.length) problems.push(`foreign_key_check: ${fk.length} violation(s), e.g. ${JSON.stringify(fk[0])}`);
    return problems;
  } finally {
    db.close();
  }
}

async function main() {
  const args = parseArgs(
    process.argv.slice(2),
    {
      db: { choices: ["sqlite", "postgresql"], default: "sqlite" },
      rounds: { int: { min: 1, max: 100 }, default: 5 },
      editors: { int: { min: 1, max: 250 }, default: 10 },
      pairs: { int: { min: 100, max: 200_000 }, default: 3000 },
      minWrites: { int: { min: 1, max: 100_000 }, default: 40 },
      seed: { int: { min: 0, max: 2 ** 31 }, default: 1 },
      keep: { flag: true, default: false },
    },
    USAGE,
  );
  process.env.PARALLAX_TEST_DATABASE = args.db;
  const { tempDatabase } = await import("../tests/db/test-db");

  const startedAt = new Date();
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "parallax-crash-"));
  const temp = tempDatabase("bench-crash");
  let app: App | null = null;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    await app?.stop().catch(() => undefined);
    if (args.keep) console.log(`kept the database: ${temp.url}`);
    else await temp.close().catch(() => undefined);
  };
  const onSignal = () => void cleanup().then(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const start = async (round: number) => {
    const a = App.spawn({ databaseUrl: temp.url, port: await freePort(), nextDir: ".next-load", logFile: path.join(logDir, `app-round-${round}.log`) });
    await a.ready();
    return a;
  };

  try {
    console.log(`crash test, ${startedAt.toISOString()}`);
    console.log(`  command: npm run bench:crash -- ${process.argv.slice(2).join(" ") || "(defaults)"}`);
    console.log(`  database ${args.db}, ${args.rounds} rounds, ${args.editors} editors, ${args.pairs} pairs`);
    console.log(`machine: ${machine()}; load average ${loadAverage()}`);
    const { projectId, bitextId, order } = await importBenchBitext(temp.db, args.pairs, "crash test");
    app = await start(0);
    const admin = await signUpAdmin(app.base);
    let editors: Person[] = await createEditors(temp.db, { bases: [app.base], projectId, count: args.editors, admin, tag: "crash" });
    const auditFloor = await maxAuditId(temp.db);
    const records: WriteRecord[] = [];
    const random = rng(args.seed);
    let nextSeq = 1;
    let failed = false;

    for (let round = 1; round <= args.rounds; round++) {
      let killed = false;
      const current = (await temp.db.alignmentPair.findMany({ where: { bitextId }, select: { id: true }, orderBy: { position: "asc" } })).map((p) => p.id);
      const workload = new Workload(
        {
          bitextId,
          actions: 1_000_000,
          // merges and splits are the multi-row changes a crash could leave half done
          mix: { confirm: 0.15, flag: 0.15, note: 0.1, correct: 0.2, structure: 0.4 },
          hotPairs: 10,
          hotShare: 0.1,
          seed: args.seed * 100 + round,
          firstSeq: nextSeq,
          stop: () => killed,
          unansweredIs: "unknown",
        },
        current,
      );
      const running = workload.run(editors);
      // Kill at a random moment once the burst is under way: each editor has a request in
      // flight nearly all the time (closed loop), merges and splits among them.
      const target = args.minWrites + Math.floor(random() * args.minWrites);
      const until = Date.now() + 10 * 60_000;
      while (workload.records.filter((r) => r.outcome === "ok").length < target) {
        if (Date.now() > until) throw new Error(`round ${round}: fewer than ${target} writes acknowledged in 10 minutes`);
        await new Promise((r) => setTimeout(r, 5 + random() * 20));
      }
      killed = true;
      const a = app;
      await a.kill9();
      app = null;
      await running;
      nextSeq += workload.issued;
      records.push(...workload.records);
      const mine = workload.records;
      const unknown = mine.filter((r) => r.outcome === "unknown");

      const problems: string[] = [];
      for (const r of mine.filter((x) => x.outcome === "error")) problems.push(`error answer: ${r.op} #${r.seq} ${r.status} ${r.message ?? ""}`);
      if (args.db === "sqlite") problems.push(...sqliteIntegrity(temp.url.slice("file:".length)));
      const result = await verifyRun(temp.db, { bitextId, auditFloor, initialPairIds: order, records });
      problems.push(...result.problems);
      const acked = mine.filter((r) => r.outcome === "ok");
      console.log(
        [
          `round ${round}: killed after ${acked.length} acknowledged writes of this round; ` +
            `${unknown.length} request(s) without an answer (${unknown.filter((r) => r.op === "merge" || r.op === "split").length} merges/splits)`,
          ...outcomeTable(mine),
          `  after the kill: ${result.stats.auditRows} audit rows in all, ${result.stats.acknowledged} acknowledged writes in all; ` +
            `unanswered requests stored ${result.stats.unansweredStored}, not stored ${result.stats.unansweredNotStored} (all rounds); ${result.stats.pairs} pairs`,
          ...(problems.length
            ? problems.map((p) => `  FAIL ${p}`)
            : [
                `  OK: ${args.db === "sqlite" ? "integrity_check ok, " : ""}invariants hold, every acknowledged write present, each unanswered one wholly stored or absent, no half-applied merge or split`,
              ]),
        ].join("\n"),
      );
      if (problems.length) failed = true;

      app = await start(round);
      editors = editors.map((e) => {
        const client = e.client.withBase(app!.base);
        e.client.close();
        return { ...e, client };
      });
      // the restarted server serves the editors' existing sessions
      const probe = await editors[0].client.get(`/api/pairs/${current[Math.floor(current.length / 2)]}`);
      if (probe.status !== 200 && probe.status !== 404) {
        console.log(`  FAIL after restart: GET a pair answered ${probe.status}`);
        failed = true;
      }
    }
    console.log(`load average at the end ${loadAverage()}; server logs: ${logDir}`);
    console.log(failed ? "crash test FAILED" : `crash test passed: ${args.rounds} rounds`);
    await cleanup();
    process.exit(failed ? 1 : 0);
  } catch (err) {
    await cleanup();
    throw err;
  }
}

runBenchmark(main);

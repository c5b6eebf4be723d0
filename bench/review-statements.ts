// The statements (round trips to the server) each kind of review write sends on PostgreSQL,
// in-process on the route handlers' code (lib/db/review, the re-check and the answer rows),
// with how long its transaction stayed open: the counts that decide a write's latency on
// PostgreSQL once the machine is busy (each statement also costs Prisma about 1 ms of CPU).
// --trace prints every statement in order (inside a transaction marked "tx").
//
//   npx tsx bench/review-statements.ts [--pairs 500] [--samples 3] [--trace]
process.env.PARALLAX_TEST_DATABASE = "postgresql";
process.env.PARALLAX_SQL_PROFILE = "1";
import { runBitextChecks } from "../lib/db/checks";
import { bitextOfPair } from "../lib/db/members";
import { pgProfile, pgTrace } from "../lib/db/pg-profile";
import { addFlag, correctSentences, currentText, mergeWithNext, setPairStatus, splitPair, updateFlag } from "../lib/db/review";
import { documentScore } from "../lib/db/review/scoring";
import { getPairRows } from "../lib/db/review/view";
import { parseArgs, runBenchmark } from "./lib/args";
import { importBenchBitext } from "./lib/corpus";
import { loadAverage, machine } from "./lib/server";

async function main() {
  const args = parseArgs(
    process.argv.slice(2),
    { pairs: { int: { min: 100, max: 200_000 }, default: 500 }, samples: { int: { min: 1, max: 100 }, default: 3 }, trace: { flag: true, default: false } },
    "usage: npx tsx bench/review-statements.ts [--pairs N] [--samples N] [--trace]",
  );
  const { tempDatabase } = await import("../tests/db/test-db");
  const temp = tempDatabase("bench-statements");
  const db = temp.db;
  try {
    const { bitextId, order } = await importBenchBitext(db, args.pairs, "statements");
    const user = await db.user.create({ data: { name: "Editor", email: "editor@statements.test" } });
    const actor = { id: user.id, name: user.name };
    const version = async (id: number) => (await db.alignmentPair.findUniqueOrThrow({ where: { id } })).version;
    const score = await documentScore(db, bitextId);
    await runBitextChecks(db, bitextId, { pairIds: [order[0]] });
    const counts = new Map<string, { statements: number[]; openMs: number[] }>();
    const count = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
      const p0 = pgProfile();
      pgTrace(args.trace);
      const r = await f();
      const p1 = pgProfile();
      const trace = pgTrace(false);
      const e = counts.get(label) ?? { statements: [], openMs: [] };
      e.statements.push(p1.statements - p0.statements);
      e.openMs.push(p1.openMs - p0.openMs);
      counts.set(label, e);
      if (args.trace) console.log(`--- ${label}: ${trace.length} statements\n${trace.join("\n")}`);
      return r;
    };
    for (let i = 0; i < args.samples; i++) {
      const [a, b, c, d, e] = order.slice(10 + i * 10, 15 + i * 10);
      // where each pair belongs is remembered per process (lib/db/members.ts), as in a warm server
      for (const id of [a, b, c, d, e]) await bitextOfPair(db, id);
      const va = await version(a);
      await count("status (confirm)", () => setPairStatus(db, actor, { pairId: a, status: "confirmed", expectedVersion: va }));
      const vb = await version(b);
      const flag = await count("flag.add", () => addFlag(db, actor, { pairId: b, category: "style", severity: "minor", note: "n", expectedVersion: vb }));
      await count("flag.update (note)", () => updateFlag(db, actor, { flagId: flag.flagId, note: "m", expectedVersion: flag.flagVersion }));
      const s = await db.sentence.findFirstOrThrow({ where: { pairId: c }, include: { corrections: true } });
      await count("correct", () => correctSentences(db, actor, { edits: [{ sentenceId: s.id, text: `Corrected ${i}.`, base: currentText(s) }] }, { score }));
      await count("re-check of 1 pair (after correct, merge, split)", () => runBitextChecks(db, bitextId, { pairIds: [c] }));
      await count("answer rows (1 pair)", () => getPairRows(db, bitextId, [c]));
      const expectedVersions = { [d]: await version(d), [e]: await version(e) };
      await count("merge", () => mergeWithNext(db, actor, { pairId: d, expectedVersions }, { score }));
      const vd = await version(d);
      await count("split", () => splitPair(db, actor, { pairId: d, en: 1, zh: 1, expectedVersion: vd }, { score }));
    }
    console.log(`statements per review write on PostgreSQL, ${new Date().toISOString()}; ${machine()}; load average ${loadAverage()}`);
    console.log(`  command: npx tsx bench/review-statements.ts ${process.argv.slice(2).join(" ")}`);
    const w = Math.max(...[...counts.keys()].map((k) => k.length));
    for (const [label, e] of counts) {
      const st = [...new Set(e.statements)].join("/");
      const open = e.openMs.map((x) => x.toFixed(0)).join(", ");
      console.log(`  ${label.padEnd(w)}  statements ${st.padStart(5)}  transaction open ${open} ms`);
    }
  } finally {
    await temp.close();
  }
}

runBenchmark(main);

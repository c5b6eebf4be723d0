// Where a review request's server time goes, measured in-process on the same code the route
// handlers call (app/api/pairs/[pairId]/route.ts): the session lookup and role check, the
// review operation itself, re-scoring, the automatic re-checks, and the rows of the answer.
// One request at a time, so the figures are service times without queueing; wall time and
// the process's CPU time are both given (on a shared machine the wall time includes waiting
// for a core, the CPU time does not). Complements `npm run bench:load`, whose latencies add
// the queueing of many concurrent editors.
//
//   npx tsx bench/load-breakdown.ts [--db sqlite|postgresql] [--pairs 10000] [--samples 40]
import { createAuth, settingsFromEnv } from "../lib/auth/auth";
import { createGuards } from "../lib/auth/guard";
import { runBitextChecks } from "../lib/db/checks";
import { createInvitation } from "../lib/db/invitations";
import { addMember } from "../lib/db/members";
import { addFlag, correctSentences, currentText, getPairDetail, mergeWithNext, setPairStatus, splitPair, updateFlag } from "../lib/db/review";
import { pgProfile } from "../lib/db/pg-profile";
import { documentScore } from "../lib/db/review/scoring";
import { getPairRows } from "../lib/db/review/view";
import { ensureAuthSecret } from "../lib/db/settings";
import { UsageError, parseArgs } from "./lib/args";
import { importBenchBitext } from "./lib/corpus";
import { loadAverage, machine } from "./lib/server";
import { summarize } from "./lib/stats";

async function main() {
  const args = parseArgs(
    process.argv.slice(2),
    {
      db: { choices: ["sqlite", "postgresql"], default: "sqlite" },
      pairs: { int: { min: 200, max: 200_000 }, default: 10_000 },
      samples: { int: { min: 5, max: 10_000 }, default: 40 },
    },
    "usage: npx tsx bench/load-breakdown.ts [--db sqlite|postgresql] [--pairs N] [--samples N]",
  );
  process.env.PARALLAX_TEST_DATABASE = args.db;
  // PostgreSQL: count the statements (round trips) and the time transactions stay open per part
  if (args.db === "postgresql") process.env.PARALLAX_SQL_PROFILE = "1";
  process.env.PARALLAX_PUBLIC_URL = "http://127.0.0.1:3000";
  const { tempDatabase } = await import("../tests/db/test-db");
  const temp = tempDatabase("bench-breakdown");
  const db = temp.db;
  try {
    const { projectId, bitextId, order } = await importBenchBitext(db, args.pairs, "breakdown");
    const auth = createAuth(db, { ...settingsFromEnv(await ensureAuthSecret(db)), provider: args.db as "sqlite" | "postgresql" });
    const password = "breakdown-password-1";
    const admin = await auth.api.signUpEmail({ body: { name: "Admin", email: "admin@breakdown.test", password } });
    const { token } = await createInvitation(db, { email: "editor@breakdown.test", invitedById: Number(admin.user.id) });
    await auth.api.signUpEmail({ body: { name: "Editor", email: "editor@breakdown.test", password, inviteToken: token } as never });
    await addMember(db, { projectId, email: "editor@breakdown.test", role: "editor", actorId: Number(admin.user.id) });
    const signIn = await auth.api.signInEmail({ body: { email: "editor@breakdown.test", password }, asResponse: true });
    const cookie = (signIn.headers.getSetCookie?.() ?? [signIn.headers.get("set-cookie") ?? ""]).map((c) => c.split(";")[0]).join("; ");
    const guards = createGuards({ auth: async () => auth, db: () => db, headers: async () => new Headers({ cookie }) });

    const times = new Map<string, { wall: number[]; cpu: number[]; statements: number[]; transactions: number[]; openMs: number[] }>();
    const time = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
      const p0 = pgProfile();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = await f();
      const wall = performance.now() - t0;
      const c = process.cpuUsage(c0);
      const p1 = pgProfile();
      const e = times.get(label) ?? { wall: [], cpu: [], statements: [], transactions: [], openMs: [] };
      e.wall.push(wall);
      e.cpu.push((c.user + c.system) / 1000);
      e.statements.push(p1.statements - p0.statements);
      e.transactions.push(p1.transactions - p0.transactions);
      e.openMs.push(p1.openMs - p0.openMs);
      times.set(label, e);
      return r;
    };
    const version = async (id: number) => (await db.alignmentPair.findUniqueOrThrow({ where: { id } })).version;
    // the first re-check builds the document context the later ones reuse (cached per process)
    const firstCheck = performance.now();
    await runBitextChecks(db, bitextId, { pairIds: [order[0]] });
    const firstCheckMs = performance.now() - firstCheck;

    const stride = Math.max(6, Math.floor((order.length - 10) / args.samples));
    for (let i = 0; i < args.samples; i++) {
      const [a, b, c, d, e] = order.slice(5 + i * stride, 10 + i * stride);
      const access = await time("session + role (requirePairRole)", () => guards.requirePairRole(a, "editor"));
      const actor = { id: access.user.id, name: access.user.name };
      await time("GET pair detail (getPairDetail)", () => getPairDetail(db, { pairId: a }));
      const va = await version(a);
      await time("op: status", () => setPairStatus(db, actor, { pairId: a, status: "confirmed", expectedVersion: va }));
      await time("answer rows (getPairRows, 1 pair)", () => getPairRows(db, bitextId, [a]));
      const vb = await version(b);
      const flag = await time("op: flag.add", () => addFlag(db, actor, { pairId: b, category: "style", severity: "minor", note: "n", expectedVersion: vb }));
      await time("op: flag.update", () => updateFlag(db, actor, { flagId: flag.flagId, note: "m", expectedVersion: flag.flagVersion }));
      const score = await time("re-scoring set-up (documentScore)", () => documentScore(db, bitextId));
      const s = await db.sentence.findFirstOrThrow({ where: { pairId: c }, include: { corrections: true } });
      await time("op: correct", () => correctSentences(db, actor, { edits: [{ sentenceId: s.id, text: `Corrected ${i}.`, base: currentText(s) }] }, { score }));
      await time("re-check (runBitextChecks, 1 pair)", () => runBitextChecks(db, bitextId, { pairIds: [c] }));
      const expectedVersions = { [d]: await version(d), [e]: await version(e) };
      await time("op: merge", () => mergeWithNext(db, actor, { pairId: d, expectedVersions }, { score }));
      const vd = await version(d);
      await time("op: split", () => splitPair(db, actor, { pairId: d, en: 1, zh: 1, expectedVersion: vd }, { score }));
    }
    console.log(`server-side cost of a review request's parts, ${new Date().toISOString()}`);
    console.log(`  command: npx tsx bench/load-breakdown.ts ${process.argv.slice(2).join(" ")}`);
    console.log(`  database ${args.db}, one document pair of ${order.length} pairs, ${args.samples} samples each, one at a time`);
    console.log(`machine: ${machine()}; load average ${loadAverage()}`);
    console.log(`  first re-check in a process (builds the document context): ${firstCheckMs.toFixed(0)} ms`);
    const w = Math.max(...[...times.keys()].map((k) => k.length));
    for (const [label, e] of times) {
      const wall = summarize(e.wall);
      const cpu = summarize(e.cpu);
      const sql = args.db === "postgresql" ? ` | statements ${mean(e.statements).toFixed(1).padStart(5)} in ${mean(e.transactions).toFixed(1)} tx, open ${summarize(e.openMs).p50.toFixed(1).padStart(5)} ms p50` : "";
      console.log(`  ${label.padEnd(w)}  wall p50 ${wall.p50.toFixed(1).padStart(6)} p95 ${wall.p95.toFixed(1).padStart(6)} ms | cpu p50 ${cpu.p50.toFixed(1).padStart(6)} p95 ${cpu.p95.toFixed(1).padStart(6)} ms${sql}`);
    }
  } finally {
    await temp.close();
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

main().catch((err) => {
  if (err instanceof UsageError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});

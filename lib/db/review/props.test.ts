// Property-based test of the review operations (fast-check): random document pairs, random
// sequences of every review operation by 2–3 editors working from stale views, with valid and
// invalid arguments; after every step and at the end the invariants of props-run.ts (nothing
// lost, conflicts exactly when changes collide, undo restores exactly, exports round-trip).
// `npm test` runs it with a fixed seed on SQLite, and on PostgreSQL in its PostgreSQL pass.
// Longer: `npm run test:props -- --runs N [--steps M] [--seed S]` (sets PROPS_RUNS, PROPS_STEPS,
// PROPS_SEED; PROPS_PATH replays a counterexample fast-check reported; PROPS_ROUNDTRIP=step
// exports and reads back after every step instead of at the end of each sequence; PROPS_STRICT=1
// fails on the known open bugs too; PROPS_DEBUG_REJECTIONS=1 tallies the rejections by message).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDatabase, testDatabaseKind, type TempDatabase } from "../../../tests/db/test-db";
import type { Actor } from "./index";
import { OP_KINDS, scenarioArb, type Scenario } from "../../../tests/review/props-gen";
import { describeScenario, runScenario, type Tally } from "../../../tests/review/props-run";

const num = (v: string | undefined, d: number) => (v !== undefined && v !== "" && Number.isFinite(Number(v)) ? Number(v) : d);
/**
 * The default budget: 100 sequences of 30 steps on SQLite, 50 on PostgreSQL. A step costs 50–100 ms
 * here (an operation is some twenty queries of ~2 ms, the checks read the document pair again), so
 * on this two-core machine, busy, 100 sequences took 138 s on SQLite and 60 took 238 s on
 * PostgreSQL (2026-12-02); 200 on each would add about ten minutes to `npm test`.
 * Longer: `npm run test:props -- --runs 300`.
 */
const RUNS = num(process.env.PROPS_RUNS, testDatabaseKind === "postgresql" ? 50 : 100);
const STEPS = num(process.env.PROPS_STEPS, 30);
const SEED = num(process.env.PROPS_SEED, 20261202);
const PATH = process.env.PROPS_PATH || undefined;
const EVERY_STEP = process.env.PROPS_ROUNDTRIP === "step";
/** Fail on the known open bugs too (see KNOWN_BUGS in props-run.ts). */
const STRICT = process.env.PROPS_STRICT === "1";
/** After the first failure, shrinking stops after this long (the smallest failing case so far is reported). */
const SHRINK_MS = num(process.env.PROPS_SHRINK_SECONDS, 180) * 1000;

let temp: TempDatabase;
const users: Actor[] = [];

beforeAll(async () => {
  temp = tempDatabase("props");
  for (const name of ["Ada", "Bo", "Chen"]) {
    const u = await temp.db.user.create({ data: { email: `${name.toLowerCase()}@props.example`, name } });
    users.push({ id: u.id, name: u.name });
  }
});
afterAll(async () => {
  await temp?.close();
});

describe(`review operations, property-based (${testDatabaseKind})`, () => {
  it(
    `${RUNS} random sequences of ${STEPS} steps by several editors keep every invariant (seed ${SEED})`,
    async () => {
      const tally: Tally = {};
      let firstFailure: number | null = null;
      let smallest: { sc: Scenario; err: unknown } | null = null;
      let runs = 0;
      const started = Date.now();
      const property = fc.asyncProperty(scenarioArb(STEPS), async (sc) => {
        // the shrinking budget is spent: every further candidate passes, so fast-check stops
        if (firstFailure !== null && Date.now() - firstFailure > SHRINK_MS) return;
        if (firstFailure === null) runs++;
        try {
          await runScenario({ db: temp.db, users }, sc, { label: testDatabaseKind, roundTripEveryStep: EVERY_STEP, reimport: true, strict: STRICT, tally: firstFailure === null ? tally : undefined });
        } catch (err) {
          firstFailure ??= Date.now();
          // fast-check only moves on to smaller failing cases: the last one is the smallest
          smallest = { sc, err };
          throw err;
        }
      });
      try {
        await fc.assert(property, { seed: SEED, numRuns: RUNS, path: PATH, verbose: 0 });
      } catch (err) {
        const s = smallest as { sc: Scenario; err: unknown } | null;
        const detail = s ? `\nsmallest failing case:\n${describeScenario(s.sc)}\n${(s.err as Error)?.message ?? String(s.err)}` : "";
        // fast-check's own report (its first line, the seed and path to replay, how often it shrank), without the raw counterexample
        const report = (err as Error).message.split("\n").filter((l) => !l.startsWith("Counterexample:") && !l.startsWith("Hint:") && l.trim() !== "");
        throw new Error(`${report.slice(0, 3).join("\n")}\nreplay: PROPS_SEED=${SEED} PROPS_PATH=<path above> PROPS_RUNS=1 PROPS_STEPS=${STEPS}${detail}`);
      }
      const seconds = (Date.now() - started) / 1000;
      const ops = Object.entries(tally)
        .sort(([a], [b]) => a.localeCompare(b))
        .filter(([k]) => !k.startsWith("(") && !k.startsWith("known: "))
        .map(([k, t]) => `${k} ${t.ok}/${t.ok + Object.values(t.rejected).reduce((a, b) => a + b, 0)}`)
        .join(", ");
      const known = Object.entries(tally)
        .filter(([k]) => k.startsWith("known: "))
        .map(([k, t]) => `\n  known bug (${t.ok}×): ${k.slice(7)}`)
        .join("");
      console.log(`[props ${testDatabaseKind}] ${runs} sequences × ${STEPS} steps in ${seconds.toFixed(1)} s (seed ${SEED}${STRICT ? ", strict" : ""}); accepted/tried: ${ops}${known}`);
      if (RUNS >= 30 && STEPS >= 20 && !PATH) {
        // the sequences exercised every operation, successfully
        for (const kind of OP_KINDS.filter((k) => k !== "pause" && k !== "refresh")) {
          expect(tally[kind]?.ok ?? 0, `${kind} never succeeded: ${JSON.stringify(tally[kind])}`).toBeGreaterThan(0);
        }
      }
    },
    Math.max(15 * 60_000, RUNS * STEPS * 200) + SHRINK_MS,
  );
});

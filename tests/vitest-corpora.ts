// Vitest groups and tests that need the evaluation corpora (tests/corpora.ts). Without them they
// are skipped — Vitest and `npm test` count them as skipped — and the file prints one line
// saying which and why. With PARALLAX_REQUIRE_CORPORA=1 a missing corpus fails the file instead.
// Read the corpora inside the tests or their beforeAll, not in a describe body: a skipped
// group's body still runs while Vitest collects its tests.
import path from "node:path";
import { describe, expect, it, type TestFunction } from "vitest";
import { PROJECT_ROOT, corporaSkipReason } from "./corpora";

type Skipped = { corpora: Set<string>; names: string[]; groups: number; tests: number; why: string[] };
let pending: Skipped | null = null;

/** Collects this file's skips and prints them as one line once the file has been read. */
function announce(names: string[], kind: "group" | "test", name: string, why: string) {
  if (!pending) {
    const skipped: Skipped = (pending = { corpora: new Set(), names: [], groups: 0, tests: 0, why: [] });
    // Vitest reads the whole file (describe bodies included) before it yields to the event
    // loop: by then every skipped group is known.
    setImmediate(() => {
      pending = null;
      const testPath = expect.getState().testPath;
      const file = testPath ? path.relative(PROJECT_ROOT, testPath) : "a test file";
      const what =
        skipped.names.length === 1
          ? `“${skipped.names[0]}”`
          : [count(skipped.groups, "group of tests", "groups of tests"), count(skipped.tests, "test", "tests")].filter(Boolean).join(" and ");
      const why = [...new Set(skipped.why)].join("; ");
      process.stdout.write(`[corpora] ${file}: skipped ${what} (needs ${[...skipped.corpora].join(", ")}): ${why}; set PARALLAX_CORPORA to run them\n`);
    });
  }
  for (const n of names) pending.corpora.add(n);
  pending.names.push(name);
  if (kind === "group") pending.groups++;
  else pending.tests++;
  pending.why.push(why);
}

const count = (n: number, one: string, many: string) => (n === 0 ? "" : n === 1 ? `1 ${one}` : `${n} ${many}`);

const list = (corpora: string | string[]) => (typeof corpora === "string" ? [corpora] : corpora);

/** describe(), skipped when a named corpus is missing. */
export function describeWithCorpora(corpora: string | string[], name: string, fn: () => void): void {
  const names = list(corpora);
  const why = corporaSkipReason(...names);
  if (why) announce(names, "group", name, why);
  describe.skipIf(why !== null)(name, fn);
}

/** it(), skipped when a named corpus is missing. */
export function itWithCorpora(corpora: string | string[], name: string, fn: TestFunction, timeout?: number): void {
  const names = list(corpora);
  const why = corporaSkipReason(...names);
  if (why) announce(names, "test", name, why);
  it.skipIf(why !== null)(name, fn, timeout);
}

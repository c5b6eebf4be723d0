// Where the tests and benchmarks find the evaluation corpora (aca, bible, mac-dev: gold
// alignments kept outside the repository): PARALLAX_CORPORA, else `../shared/corpora` beside the
// project folder. A fresh clone has neither: tests that need a corpus are then skipped, saying
// which and why (tests/vitest-corpora.ts; Playwright specs call corporaSkipReason), never
// passed. With PARALLAX_REQUIRE_CORPORA=1 (set by .ci/run when the corpora are there) a missing
// corpus is an error instead, so that a run meant to use them cannot quietly skip them.
// Test and benchmark code only: the app never reads the corpora.
import fs from "node:fs";
import path from "node:path";

export const PROJECT_ROOT = path.resolve(__dirname, "..");

/** The folder that holds the corpora (it may not exist). */
export function corporaDir(): string {
  const given = process.env.PARALLAX_CORPORA?.trim();
  return given ? path.resolve(PROJECT_ROOT, given) : path.resolve(PROJECT_ROOT, "..", "shared", "corpora");
}

/** A path inside the corpora folder, e.g. corpusPath("mac-dev", "001.zh"). */
export function corpusPath(...parts: string[]): string {
  return path.join(corporaDir(), ...parts);
}

/** Whether every named corpus (a folder of the corpora), or with no names the corpora folder, is there. */
export function hasCorpora(...names: string[]): boolean {
  return missingCorpora(names) === null;
}

/** Null when the named corpora are there; otherwise which are missing and where they were looked for. */
export function missingCorpora(names: string[]): string | null {
  const dir = corporaDir();
  const source = process.env.PARALLAX_CORPORA?.trim() ? "PARALLAX_CORPORA" : "PARALLAX_CORPORA is unset, so ../shared/corpora";
  if (!fs.existsSync(dir)) return `no corpora at ${dir} (${source})`;
  const missing = names.filter((n) => !fs.existsSync(path.join(dir, n)));
  return missing.length ? `no ${missing.join(", ")} in ${dir} (${source})` : null;
}

/** True when a missing corpus must fail the run instead of skipping tests (PARALLAX_REQUIRE_CORPORA=1). */
export function corporaRequired(): boolean {
  const v = process.env.PARALLAX_REQUIRE_CORPORA?.trim();
  return !!v && v !== "0" && v !== "false";
}

/**
 * For tests: why those needing `names` must be skipped here, or null when they can run.
 * Throws instead when the corpora are required (PARALLAX_REQUIRE_CORPORA=1).
 */
export function corporaSkipReason(...names: string[]): string | null {
  const why = missingCorpora(names);
  if (why && corporaRequired()) throw new Error(`corpora required (PARALLAX_REQUIRE_CORPORA=1) but missing: ${why}`);
  return why;
}

/** For benchmarks and scripts: stops with one line when a needed corpus is missing. */
export function requireCorpora(...names: string[]): void {
  const why = missingCorpora(names);
  if (!why) return;
  const script = process.argv[1] ? path.relative(PROJECT_ROOT, process.argv[1]) : "this script";
  console.error(`error: ${script} needs the evaluation corpora (${names.join(", ")}): ${why}; set PARALLAX_CORPORA to their folder`);
  process.exit(2);
}

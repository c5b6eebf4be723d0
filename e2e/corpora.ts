// Browser tests that need the evaluation corpora (tests/corpora.ts): called first in such a
// test, it skips the test when a corpus is missing, printing one line that says which and why
// (Playwright and `npm test` count the test as skipped). With PARALLAX_REQUIRE_CORPORA=1 the
// test fails instead.
import path from "node:path";
import { test } from "@playwright/test";
import { PROJECT_ROOT, corporaSkipReason } from "../tests/corpora";

export function skipWithoutCorpora(...names: string[]): void {
  const why = corporaSkipReason(...names);
  if (!why) return;
  const info = test.info();
  console.log(`[corpora] ${path.relative(PROJECT_ROOT, info.file)}: skipped “${info.title}” (needs ${names.join(", ")}): ${why}; set PARALLAX_CORPORA to run it`);
  test.skip(true, `needs the corpora ${names.join(", ")}: ${why}`);
}

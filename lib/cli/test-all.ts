// `npm test`: the Vitest suite, then the Playwright browser tests, then one closing
// line "tests: N passed, N failed" over both. Exits non-zero if either fails.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "..", "..");
// Outside test-results/, which Playwright empties when it starts.
const out = fs.mkdtempSync(path.join(os.tmpdir(), "parallax-test-reports-"));
const bin = (p: string) => path.join(root, "node_modules", ...p.split("/"));

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function readJson(file: string): any {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

const vitestJson = path.join(out, "vitest.json");
const pwJson = path.join(out, "playwright.json");

const vitestCode = run([bin("vitest/vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);
const pwCode = run([bin("@playwright/test/cli.js"), "test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });

const v = readJson(vitestJson);
const p = readJson(pwJson);
const passed = (v?.numPassedTests ?? 0) + (p?.stats?.expected ?? 0);
const failed =
  (v ? v.numFailedTests : 1) + (p ? (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0) : 1) + (vitestCode && !v?.numFailedTests ? 1 : 0);
const skipped = (v?.numPendingTests ?? 0) + (v?.numTodoTests ?? 0) + (p?.stats?.skipped ?? 0);
console.log(`\nvitest: ${v ? `${v.numPassedTests} passed, ${v.numFailedTests} failed` : "no result"} | playwright: ${p ? `${p.stats.expected} passed, ${p.stats.unexpected} failed` : "no result"}`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
fs.rmSync(out, { recursive: true, force: true });
process.exit(vitestCode || pwCode ? 1 : 0);

// The corpora helper: where it looks, what it says when a corpus is missing, and that a run
// that requires the corpora (PARALLAX_REQUIRE_CORPORA=1, as .ci/run sets) fails instead of skipping.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT, corporaDir, corporaSkipReason, corpusPath, hasCorpora, missingCorpora } from "./corpora";

const saved = { corpora: process.env.PARALLAX_CORPORA, required: process.env.PARALLAX_REQUIRE_CORPORA };
afterEach(() => {
  for (const [key, value] of [["PARALLAX_CORPORA", saved.corpora], ["PARALLAX_REQUIRE_CORPORA", saved.required]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe("the corpora folder", () => {
  it("is PARALLAX_CORPORA when set (relative to the project), else ../shared/corpora beside the project", () => {
    delete process.env.PARALLAX_CORPORA;
    expect(corporaDir()).toBe(path.resolve(PROJECT_ROOT, "..", "shared", "corpora"));
    process.env.PARALLAX_CORPORA = "/somewhere/corpora";
    expect(corporaDir()).toBe("/somewhere/corpora");
    expect(corpusPath("mac-dev", "001.zh")).toBe("/somewhere/corpora/mac-dev/001.zh");
    process.env.PARALLAX_CORPORA = "elsewhere";
    expect(corporaDir()).toBe(path.join(PROJECT_ROOT, "elsewhere"));
  });

  it("says which corpus is missing and where it looked; skips, or fails when the corpora are required", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parallax-corpora-"));
    try {
      fs.mkdirSync(path.join(dir, "aca"));
      process.env.PARALLAX_CORPORA = dir;
      delete process.env.PARALLAX_REQUIRE_CORPORA;
      expect(hasCorpora()).toBe(true);
      expect(hasCorpora("aca")).toBe(true);
      expect(hasCorpora("aca", "bible")).toBe(false);
      expect(missingCorpora(["aca", "bible"])).toBe(`no bible in ${dir} (PARALLAX_CORPORA)`);
      expect(corporaSkipReason("bible")).toMatch(/^no bible in /);
      process.env.PARALLAX_CORPORA = path.join(dir, "nothing-here");
      expect(corporaSkipReason("aca")).toBe(`no corpora at ${path.join(dir, "nothing-here")} (PARALLAX_CORPORA)`);
      process.env.PARALLAX_REQUIRE_CORPORA = "1";
      expect(() => corporaSkipReason("aca")).toThrow(/corpora required \(PARALLAX_REQUIRE_CORPORA=1\) but missing: no corpora at /);
      process.env.PARALLAX_CORPORA = dir;
      expect(corporaSkipReason("aca")).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a test file without its corpora reports its tests as skipped, with one line saying why", () => {
    const vitest = path.join(PROJECT_ROOT, "node_modules", "vitest", "vitest.mjs");
    const file = "lib/alignment/rescore.test.ts";
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parallax-corpora-"));
    const report = path.join(dir, "report.json");
    const run = (required: string) =>
      spawnSync(process.execPath, [vitest, "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, file], {
        cwd: PROJECT_ROOT,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1", PARALLAX_CORPORA: "/nonexistent/corpora", PARALLAX_REQUIRE_CORPORA: required },
      });
    try {
      const skipped = run("");
      const out = skipped.stdout + skipped.stderr;
      expect(skipped.status, out).toBe(0);
      const counts = JSON.parse(fs.readFileSync(report, "utf8"));
      expect([counts.numPassedTests, counts.numFailedTests, counts.numPendingTests]).toEqual([0, 0, 4]);
      expect(out.split("\n").filter((l) => l.includes("[corpora]"))).toEqual([
        `[corpora] ${file}: skipped “rescoring a bead in its document (after manual edits)” (needs mac-dev): no corpora at /nonexistent/corpora (PARALLAX_CORPORA); set PARALLAX_CORPORA to run them`,
      ]);
      const required = run("1");
      expect(required.status).not.toBe(0);
      expect(required.stdout + required.stderr).toContain("corpora required (PARALLAX_REQUIRE_CORPORA=1) but missing: no corpora at /nonexistent/corpora");
      expect(JSON.parse(fs.readFileSync(report, "utf8")).numPendingTests).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

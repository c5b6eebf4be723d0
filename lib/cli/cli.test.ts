import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const run = (script: string, args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, script), ...args], { cwd: ROOT, encoding: "utf8" });

describe("CLI", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "parallax-cli-"));
  fs.writeFileSync(path.join(tmp, "a.zh"), "那天晚上我没走掉。\n陈清扬把我拽住，以伟大友谊的名义叫我留下来。\n");
  fs.writeFileSync(path.join(tmp, "a.en"), "I did not leave that night.\nChen Qingyang caught me and asked me to stay in the name of our great friendship.\n");
  fs.writeFileSync(path.join(tmp, "empty.en"), "");
  fs.writeFileSync(path.join(tmp, "bin.en"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));

  it("aligns presplit files in the gold format and evaluates them", () => {
    const r = run("lib/cli/align.ts", ["--zh", path.join(tmp, "a.zh"), "--en", path.join(tmp, "a.en"), "--presplit", "--mode", "parallel"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("[0]:[0]\n[1]:[1]\n");
    fs.mkdirSync(path.join(tmp, "gold"));
    fs.mkdirSync(path.join(tmp, "test"));
    fs.writeFileSync(path.join(tmp, "gold", "001.align"), "[0]:[0]\n[1]:[1]\n");
    fs.writeFileSync(path.join(tmp, "test", "001.align"), r.stdout);
    const e = run("lib/cli/eval.ts", ["--gold", path.join(tmp, "gold"), "--test", path.join(tmp, "test")]);
    expect(e.status).toBe(0);
    expect(e.stdout).toMatch(/pooled\tP=1\.0000\tR=1\.0000\tF1=1\.0000/);
  });

  it("writes TSV and JSONL with each bead's score and confidence", () => {
    const args = ["--zh", path.join(tmp, "a.zh"), "--en", path.join(tmp, "a.en"), "--presplit", "--mode", "parallel", "--quiet"];
    const tsv = run("lib/cli/align.ts", [...args, "--format", "tsv"]);
    expect(tsv.status).toBe(0);
    const [head, ...rows] = tsv.stdout.trimEnd().split("\n");
    expect(head).toBe("zh_ids\ten_ids\tscore\tconfidence\tzh\ten");
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const cells = row.split("\t");
      expect(cells).toHaveLength(6);
      // empty only while the aligner gives no confidence; else a probability to four decimals
      if (cells[3] !== "") expect(cells[3]).toMatch(/^(0\.\d{4}|1\.0000)$/);
    }
    expect(rows[0].split("\t").slice(0, 2)).toEqual(["[0]", "[0]"]);

    const jsonl = run("lib/cli/align.ts", [...args, "--format", "jsonl"]);
    expect(jsonl.status).toBe(0);
    const [first, ...beads] = jsonl.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(first.mode).toBe("parallel");
    expect(beads).toHaveLength(2);
    for (const b of beads) {
      expect(b).toHaveProperty("confidence");
      expect(b.confidence === null || (b.confidence >= 0 && b.confidence <= 1)).toBe(true);
      expect(typeof b.score).toBe("number");
    }
  });

  it("fails with one clear line for missing, empty and binary files and bad flags", () => {
    const cases: [string[], RegExp][] = [
      [["--zh", path.join(tmp, "nope.zh"), "--en", path.join(tmp, "a.en")], /no such file/],
      [["--zh", path.join(tmp, "a.zh"), "--en", path.join(tmp, "empty.en")], /empty/],
      [["--zh", path.join(tmp, "a.zh"), "--en", path.join(tmp, "bin.en")], /binary/],
      [["--zh", path.join(tmp, "a.zh"), "--en", path.join(tmp, "a.en"), "--format", "xml"], /bad --format/],
      [["--zh", path.join(tmp, "a.zh")], /required/],
    ];
    for (const [args, re] of cases) {
      const r = run("lib/cli/align.ts", args);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(re);
      expect(r.stdout).toBe("");
    }
  });
});

// The align CLI's TSV and JSONL output: a bead's confidence beside its score.
import { describe, expect, it } from "vitest";
import type { AlignmentResult } from "../alignment";
import { formatResult } from "./align";

const zh = [{ text: "那天晚上我没走掉。" }, { text: "分享到微信" }, { text: "陈清扬把我拽住。" }];
const en = [{ text: "I did not leave that night." }, { text: "Chen Qingyang\tcaught me." }, { text: "An extra line." }];
const result = {
  mode: "parallel",
  modeReason: "mode parallel requested",
  beads: [
    { zh: [0], en: [0], score: 91.24, parts: null, crossing: false, confidence: 0.97654 },
    { zh: [1], en: [], score: null, parts: null, crossing: false, excluded: true, confidence: null },
    { zh: [2], en: [1], score: 55, parts: null, crossing: false, confidence: 0.3 },
    { zh: [], en: [2], score: null, parts: null, crossing: false },
  ],
  stats: {},
} as unknown as AlignmentResult;

describe("align CLI formats", () => {
  it("TSV: a confidence column after the score, four decimals, empty without one", () => {
    const lines = formatResult(result, zh, en, "tsv").trimEnd().split("\n");
    expect(lines[0]).toBe("zh_ids\ten_ids\tscore\tconfidence\tzh\ten");
    expect(lines.slice(1).map((l) => l.split("\t").slice(0, 4))).toEqual([
      ["[0]", "[0]", "91.2", "0.9765"],
      ["[1]", "[]", "", ""],
      ["[2]", "[1]", "55.0", "0.3000"],
      ["[]", "[2]", "", ""],
    ]);
    expect(lines[3].split("\t")[5]).toBe("Chen Qingyang caught me.");
  });

  it("JSONL: a confidence field on every bead (null without one)", () => {
    const [head, ...beads] = formatResult(result, zh, en, "jsonl").trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(head.mode).toBe("parallel");
    expect(beads.map((b) => [b.score, b.confidence])).toEqual([
      [91.24, 0.97654],
      [null, null],
      [55, 0.3],
      [null, null],
    ]);
    expect(beads[1].excluded).toBe(true);
  });

  it("the align format is unchanged", () => {
    expect(formatResult(result, zh, en, "align")).toBe("[0]:[0]\n[1]:[]\n[2]:[1]\n[]:[2]\n");
  });
});

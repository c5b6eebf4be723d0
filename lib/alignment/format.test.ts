import { describe, expect, it } from "vitest";
import { readAlign, writeAlign } from "./format";
import { pool, scoreDocument } from "./eval";

describe("align format", () => {
  it("writes exactly the gold format and reads it back", () => {
    const beads = [
      { zh: [0, 1], en: [0] },
      { zh: [2], en: [] },
      { zh: [], en: [1] },
      { zh: [3], en: [2, 3] },
    ];
    const text = writeAlign(beads);
    expect(text).toBe("[0,1]:[0]\n[2]:[]\n[]:[1]\n[3]:[2,3]\n");
    expect(readAlign(text)).toEqual(beads);
  });

  it("tolerates spaces and blank lines, rejects garbage with the line number", () => {
    expect(readAlign("[0, 1] : [2]\n\n[]:[3]\r\n")).toEqual([
      { zh: [0, 1], en: [2] },
      { zh: [], en: [3] },
    ]);
    expect(() => readAlign("[0]:[1]\n0-1\n")).toThrow(/line 2/);
  });
});

describe("strict bead metric", () => {
  const gold = readAlign("[0]:[0]\n[1,2]:[1]\n[3]:[]\n[4]:[2,3]\n");
  it("counts only exactly identical beads (gaps included)", () => {
    const test = readAlign("[0]:[0]\n[1]:[1]\n[2]:[]\n[3]:[]\n[4]:[2,3]\n");
    const r = scoreDocument(gold, test);
    expect(r.correct).toBe(3);
    expect(r.precision).toBeCloseTo(3 / 5);
    expect(r.recall).toBeCloseTo(3 / 4);
    expect(r.f1).toBeCloseTo((2 * 0.6 * 0.75) / 1.35);
  });
  it("pools counts over documents (not an average of F1s)", () => {
    const a = scoreDocument(gold, gold);
    const b = scoreDocument(readAlign("[0]:[0]\n"), readAlign("[0]:[1]\n"));
    const p = pool([a, b]);
    expect(p.correct).toBe(4);
    expect(p.test).toBe(5);
    expect(p.gold).toBe(5);
    expect(p.f1).toBeCloseTo(0.8);
  });
});

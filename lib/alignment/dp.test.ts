import { describe, expect, it } from "vitest";
import { DEFAULT_DP, fullWindow, runDp, windowAroundPath } from "./dp";
import { range } from "./parallel";
import type { DocScorer } from "../scoring/types";

/** A toy scorer: every sentence is a set of concept ids; similarity = coverage both ways. */
function toyScorer(zh: number[][], en: number[][]): DocScorer {
  const union = (sets: number[][], a: number, b: number) => new Set(sets.slice(a, b).flat());
  const cov = (a: Set<number>, b: Set<number>) => (a.size ? [...a].filter((x) => b.has(x)).length / a.size : 0);
  return {
    nZh: zh.length,
    nEn: en.length,
    sim(z0, z1, e0, e1) {
      const z = union(zh, z0, z1);
      const e = union(en, e0, e1);
      const cz = cov(z, e);
      const ce = cov(e, z);
      return 0.6 * Math.min(cz, ce) + 0.4 * 0.5 * (cz + ce);
    },
    lengthPenalty: () => 0,
    zhWeight: (i) => zh[i].length,
    enWeight: (j) => en[j].length,
    candidatesForEn: () => [],
    score: () => {
      throw new Error("not used");
    },
  };
}

function alignToy(zh: number[][], en: number[][]) {
  const s = toyScorer(zh, en);
  return runDp(s, fullWindow(s.nZh, s.nEn), DEFAULT_DP).map((b) => `[${range(b.z0, b.z1)}]:[${range(b.e0, b.e1)}]`);
}

describe("bead DP", () => {
  it("aligns 1-1 beads on the diagonal", () => {
    expect(alignToy([[1, 2], [3, 4], [5, 6]], [[1, 2], [3, 4], [5, 6]])).toEqual(["[0]:[0]", "[1]:[1]", "[2]:[2]"]);
  });

  it("finds a 1-2 bead (one Chinese sentence translated by two English ones)", () => {
    expect(alignToy([[1, 2], [3, 4, 5, 6], [7, 8]], [[1, 2], [3, 4], [5, 6], [7, 8]])).toEqual([
      "[0]:[0]",
      "[1]:[1,2]",
      "[2]:[3]",
    ]);
  });

  it("finds a 2-1 bead", () => {
    expect(alignToy([[1, 2], [3, 4], [5, 6], [7, 8]], [[1, 2], [3, 4, 5, 6], [7, 8]])).toEqual([
      "[0]:[0]",
      "[1,2]:[1]",
      "[3]:[2]",
    ]);
  });

  it("leaves (long) untranslated sentences as gaps on either side", () => {
    expect(alignToy([[1, 2], [90, 91, 92, 93, 94, 95], [3, 4]], [[1, 2], [3, 4], [80, 81, 82, 83]])).toEqual([
      "[0]:[0]",
      "[1]:[]",
      "[2]:[1]",
      "[]:[2]",
    ]);
  });

  it("gives the same answer inside a band around the path as on the full lattice", () => {
    const zh = Array.from({ length: 30 }, (_, i) => [i * 2, i * 2 + 1]);
    const en = zh.flatMap((s, i) => (i % 5 === 0 ? [[s[0]], [s[1]]] : [s]));
    const s = toyScorer(zh, en);
    const full = runDp(s, fullWindow(s.nZh, s.nEn), DEFAULT_DP);
    const band = runDp(s, windowAroundPath(full, s.nZh, s.nEn, 2), DEFAULT_DP);
    expect(band).toEqual(full);
    expect(full.filter((b) => b.e1 - b.e0 === 2)).toHaveLength(6);
  });
});

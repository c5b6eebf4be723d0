import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readAlign } from "./format";
import { fillSandwiches, findLoneGaps, findSandwiches } from "./sandwich";
import { LexicalDocScorer } from "../scoring/lexical";
import { corpusPath } from "../../tests/corpora";
import { describeWithCorpora } from "../../tests/vitest-corpora";

const lines = (f: string) => fs.readFileSync(f, "utf8").replace(/\n$/, "").split("\n");
const gaps = (zh: number[], en: number[]) => [...zh.map((i) => ({ zh: [i], en: [] })), ...en.map((j) => ({ zh: [], en: [j] }))];

describe("findSandwiches", () => {
  it("finds unlinked runs on both sides between two links that follow each other on both sides", () => {
    const beads = [{ zh: [0], en: [0] }, ...gaps([1, 2], [1]), { zh: [3], en: [2, 3] }];
    expect(findSandwiches(beads, 4, 4)).toEqual([{ z0: 1, z1: 3, e0: 1, e1: 2 }]);
  });
  it("leaves a run without counterpart on the other side (a missing block) alone", () => {
    const beads = [{ zh: [0], en: [0] }, ...gaps([], [1, 2]), { zh: [1], en: [3] }];
    expect(findSandwiches(beads, 2, 4)).toEqual([]);
  });
  it("needs the neighbours to be links adjacent to the run, and the run no longer than maxSide", () => {
    // the Chinese between the links is partly linked elsewhere (a moved block)
    const moved = [{ zh: [0], en: [0] }, ...gaps([1], [1]), { zh: [2], en: [5] }, { zh: [3], en: [2] }, ...gaps([], [3, 4])];
    expect(findSandwiches(moved, 4, 6)).toEqual([]);
    const long = [{ zh: [0], en: [0] }, ...gaps([1, 2, 3, 4], [1, 2]), { zh: [5], en: [3] }];
    expect(findSandwiches(long, 6, 4, 3)).toEqual([]);
    expect(findSandwiches(long, 6, 4, 4)).toEqual([{ z0: 1, z1: 5, e0: 1, e1: 3 }]);
  });
});

describe("findLoneGaps", () => {
  it("takes a single unlinked sentence between two consecutive links, with the two links", () => {
    const beads = [{ zh: [0], en: [0] }, { zh: [1, 2], en: [1] }, ...gaps([3], []), { zh: [4], en: [2] }, { zh: [5], en: [3] }];
    expect(findLoneGaps(beads, 6, 4)).toEqual([{ z0: 1, z1: 5, e0: 1, e1: 3 }]);
  });
  it("leaves two unlinked sentences, one on each side, or a run of two, to findSandwiches or as they are", () => {
    expect(findLoneGaps([{ zh: [0], en: [0] }, ...gaps([1], [1]), { zh: [2], en: [2] }], 3, 3)).toEqual([]);
    expect(findLoneGaps([{ zh: [0], en: [0] }, ...gaps([], [1, 2]), { zh: [1], en: [3] }], 2, 4)).toEqual([]);
  });
  it("skips links that are not contiguous with the gap (a bead of the rectangle lies elsewhere)", () => {
    // Chinese 2 is linked to English 5, out of the rectangle's order
    const beads = [{ zh: [0], en: [0] }, ...gaps([], [1]), { zh: [1, 3], en: [2] }, { zh: [2], en: [5] }, ...gaps([], [3, 4])];
    expect(findLoneGaps(beads, 4, 6)).toEqual([]);
  });
});

describeWithCorpora(["mac-dev"], "fillSandwiches on a literary chapter", () => {
  it("links again 1-1 gold beads whose two sentences were left as gaps between correct links", () => {
    const d = corpusPath("mac-dev");
    const zh = lines(path.join(d, "001.zh"));
    const en = lines(path.join(d, "001.en"));
    const gold = readAlign(fs.readFileSync(path.join(d, "001.align"), "utf8"));
    const sc = new LexicalDocScorer(zh, en);
    // every fifth 1-1 gold bead (with 1-1 neighbours) broken into two gaps
    const broken = new Set<number>();
    gold.forEach((b, k) => {
      const one = (x?: { zh: number[]; en: number[] }) => !!x && x.zh.length === 1 && x.en.length === 1;
      if (k % 5 === 2 && one(b) && one(gold[k - 1]) && one(gold[k + 1])) broken.add(k);
    });
    expect(broken.size).toBeGreaterThan(10);
    const beads = gold.flatMap((b, k) => (broken.has(k) ? gaps(b.zh, b.en) : [{ ...b }]));
    const r = fillSandwiches(sc, beads);
    const key = (b: { zh: number[]; en: number[] }) => `${b.zh}:${b.en}`;
    const out = new Set(r.beads.map(key));
    const restored = [...broken].filter((k) => out.has(key(gold[k]))).length;
    expect(restored / broken.size).toBeGreaterThan(0.8);
    // the beads not broken are kept as they were, every sentence once
    for (const [k, b] of gold.entries()) if (!broken.has(k)) expect(out.has(key(b))).toBe(true);
    expect(r.beads.flatMap((b) => b.zh).sort((x, y) => x - y)).toEqual(zh.map((_, i) => i));
    expect(r.beads.flatMap((b) => b.en).sort((x, y) => x - y)).toEqual(en.map((_, j) => j));
  });
});

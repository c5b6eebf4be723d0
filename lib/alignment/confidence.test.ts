import { describe, expect, it } from "vitest";
import { align } from "./index";
import {
  alignmentConfidences,
  alignmentPosteriors,
  buildLattice,
  CONFIDENCE_PARAMS,
  monotonicRuns,
  posteriors,
} from "./confidence";
import { ALL_SHAPES, type RangeBead } from "./dp";
import { LexicalDocScorer } from "../scoring/lexical";
import type { DocScorer } from "../scoring/types";

/** A scorer whose bead gain is any function of the bead (the rest is not used here). */
function gainScorer(nZh: number, nEn: number, gain: (z0: number, z1: number, e0: number, e1: number) => number): DocScorer {
  return {
    nZh,
    nEn,
    sim: () => 0,
    lengthPenalty: () => 0,
    beadGain: gain,
    zhWeight: () => 1,
    enWeight: () => 1,
    candidatesForEn: () => [],
    score: () => ({ score: 50, parts: null as never }),
  };
}

/** Deterministic pseudo-random gain in [−3, 3) per bead. */
function hashGain(z0: number, z1: number, e0: number, e1: number): number {
  let h = 2166136261;
  for (const v of [z0, z1, e0, e1]) h = Math.imul(h ^ (v + 7), 16777619);
  return ((h >>> 0) % 6000) / 1000 - 3;
}

/** Exact bead marginals by enumerating every monotonic path from (0,0) to (nZ,nE). */
function bruteForce(nZ: number, nE: number, shapes: [number, number][], gain: (z0: number, z1: number, e0: number, e1: number) => number, T: number) {
  const paths: { beads: string[]; w: number }[] = [];
  const walk = (i: number, j: number, beads: string[], g: number) => {
    if (i === nZ && j === nE) {
      paths.push({ beads: [...beads], w: Math.exp(g / T) });
      return;
    }
    for (const [a, b] of shapes) {
      if (i + a > nZ || j + b > nE) continue;
      beads.push(`${i},${i + a},${j},${j + b}`);
      walk(i + a, j + b, beads, g + gain(i, i + a, j, j + b));
      beads.pop();
    }
  };
  walk(0, 0, [], 0);
  const Z = paths.reduce((s, p) => s + p.w, 0);
  const marginal = new Map<string, number>();
  for (const p of paths) for (const b of p.beads) marginal.set(b, (marginal.get(b) ?? 0) + p.w / Z);
  return marginal;
}

describe("forward–backward bead posteriors", () => {
  it("equal the exact marginals of the path distribution (every path enumerated)", () => {
    const nZ = 4;
    const nE = 5;
    const shapes = ALL_SHAPES.filter(([a, b]) => a <= 3 && b <= 3);
    const sc = gainScorer(nZ, nE, hashGain);
    // a path: 1-1, 1-2, 1-1, 1-1
    const path: RangeBead[] = [
      { z0: 0, z1: 1, e0: 0, e1: 1 },
      { z0: 1, z1: 2, e0: 1, e1: 3 },
      { z0: 2, z1: 3, e0: 3, e1: 4 },
      { z0: 3, z1: 4, e0: 4, e1: 5 },
    ];
    for (const T of [0.5, 1, 3]) {
      const exact = bruteForce(nZ, nE, shapes, hashGain, T);
      // a band wider than the document: the whole lattice; no pruning (beadGain never prunes anyway)
      const lat = buildLattice(sc, path, 10, shapes, undefined, false);
      const p = posteriors(lat, T);
      path.forEach((b, k) => {
        expect(p.bead[k]).toBeCloseTo(exact.get(`${b.z0},${b.z1},${b.e0},${b.e1}`)!, 10);
        expect(p.logOdds[k]).toBeCloseTo(Math.log(p.bead[k] / (1 - p.bead[k])), 8);
      });
      expect(p.startNode[0]).toBeCloseTo(1, 12);
      expect(p.endNode[path.length - 1]).toBeCloseTo(1, 12);
    }
  });

  it("are probabilities in [0, 1] on random lattices, bands and temperatures", () => {
    for (let seed = 0; seed < 20; seed++) {
      const nZ = 5 + (seed % 7);
      const nE = 4 + ((seed * 3) % 9);
      const gain = (z0: number, z1: number, e0: number, e1: number) => 4 * hashGain(z0 + seed, z1 + seed, e0, e1);
      const sc = gainScorer(nZ, nE, gain);
      // some monotonic path: 1-1 steps, then the rest as gaps
      const path: RangeBead[] = [];
      let i = 0;
      let j = 0;
      while (i < nZ && j < nE) path.push({ z0: i, z1: ++i, e0: j, e1: ++j });
      while (i < nZ) path.push({ z0: i, z1: ++i, e0: j, e1: j });
      while (j < nE) path.push({ z0: i, z1: i, e0: j, e1: ++j });
      for (const margin of [0, 1, 3]) {
        for (const T of [0.1, 1, 10]) {
          const p = posteriors(buildLattice(sc, path, margin), T);
          for (const x of [...p.bead, ...p.startNode, ...p.endNode]) {
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThanOrEqual(1);
          }
          // a bead is on a path only through its two nodes
          path.forEach((_, k) => expect(p.bead[k]).toBeLessThanOrEqual(Math.min(p.startNode[k], p.endNode[k]) + 1e-9));
        }
      }
    }
  });

  it("split the weight evenly between two segmentations of equal value", () => {
    // zh A B ; en a x b — x fits A or B equally well: [A]:[a,x] [B]:[b] and [A]:[a] [B]:[x,b]
    const gain = (z0: number, z1: number, e0: number, e1: number) => {
      const k = `${z0}${z1}:${e0}${e1}`;
      return ({ "01:02": 10, "12:23": 5, "01:01": 5, "12:13": 10 } as Record<string, number>)[k] ?? -20;
    };
    const sc = gainScorer(2, 3, gain);
    const p = posteriors(buildLattice(sc, [{ z0: 0, z1: 1, e0: 0, e1: 2 }, { z0: 1, z1: 2, e0: 2, e1: 3 }], 2), 1);
    expect(p.bead[0]).toBeCloseTo(0.5, 6);
    expect(p.bead[1]).toBeCloseTo(0.5, 6);
  });

  it("with the lexical scorer, the lattice's gains are the scorer's beadGain (nothing skipped without pruning)", () => {
    const zh = ["我的父亲是一个医生。", "他每天早上六点起床。", "我的母亲是一个老师。", "她在一所大学教历史。"];
    const en = ["My father is a doctor.", "He gets up at six o'clock every morning.", "My mother is a teacher.", "She teaches history at a university."];
    const sc = new LexicalDocScorer(zh, en);
    const path = [0, 1, 2, 3].map((k) => ({ z0: k, z1: k + 1, e0: k, e1: k + 1 }));
    const lat = buildLattice(sc, path, 4, ALL_SHAPES, undefined, false);
    const { lo, hi } = lat.window;
    let checked = 0;
    for (let i = 0; i <= lat.nz; i++)
      for (let j = lo[i]; j <= hi[i]; j++)
        lat.shapes.forEach(([a, b], s) => {
          if (i - a < 0 || j - b < 0 || (a === 0 && b === 0)) return;
          const g = lat.gains[(lat.off[i] + j - lo[i]) * lat.shapes.length + s];
          expect(g).toBeCloseTo(sc.beadGain(i - a, i, j - b, j), 9);
          checked++;
        });
    expect(checked).toBeGreaterThan(100);
    // and the search's pruning leaves the path's posteriors (nearly) as they are
    const pruned = posteriors(buildLattice(sc, path, 4), CONFIDENCE_PARAMS.temperature).bead;
    const exact = posteriors(lat, CONFIDENCE_PARAMS.temperature).bead;
    pruned.forEach((p, k) => expect(Math.abs(p - exact[k])).toBeLessThan(1e-3));
  });
});

describe("monotonic runs of align()'s beads", () => {
  it("places gaps from their neighbours and breaks runs where the beads jump", () => {
    const beads = [
      { zh: [0], en: [] }, // a gap before the first link: placed from the link after it
      { zh: [1], en: [0] },
      { zh: [], en: [1] },
      { zh: [2, 3], en: [2] },
      { zh: [6], en: [7] }, // jump: a new run
      { zh: [7], en: [8] },
      { zh: [4, 9], en: [3] }, // sides not contiguous: no range
      { zh: [5], en: [] }, // a gap with no link after it in its run: place unknown
      { zh: [10], en: [12] }, // a link alone: no run (its neighbourhood instead)
    ];
    const { ranges, runs } = monotonicRuns(beads);
    expect(runs).toEqual([
      [0, 4],
      [4, 6],
    ]);
    expect(ranges[0]).toEqual({ z0: 0, z1: 1, e0: 0, e1: 0 });
    expect(ranges[2]).toEqual({ z0: 2, z1: 2, e0: 1, e1: 2 });
    expect(ranges[6]).toBeNull();
    expect(ranges[8]).toEqual({ z0: 10, z1: 11, e0: 12, e1: 13 });
  });
});

describe("bead confidence in align()", () => {
  const zh8 = ["我的父亲是一个医生。", "他每天早上六点起床。", "他喜欢喝茶，不喜欢喝咖啡。", "我的母亲是一个老师。", "她在一所大学教历史。", "我们家有一只黑猫。", "猫的名字叫小黑。", "每个星期天我们去公园散步。"];
  const en8 = ["My father is a doctor.", "He gets up at six o'clock every morning.", "He likes to drink tea and does not like coffee.", "My mother is a teacher.", "She teaches history at a university.", "Our family has a black cat.", "The cat's name is Xiaohei.", "Every Sunday we go for a walk in the park."];
  const run = (zh: string[], en: string[]) => align(zh.map((text) => ({ text })), en.map((text) => ({ text })), { mode: "parallel" });

  it("is high for every bead of a clean one-to-one document", () => {
    const res = run(zh8, en8);
    expect(res.beads.map((b) => `${b.zh}:${b.en}`)).toEqual(zh8.map((_, k) => `${k}:${k}`));
    for (const b of res.beads) {
      expect(b.confidence).toBeGreaterThan(0.95);
      expect(b.confidence).toBeLessThanOrEqual(1);
    }
  });

  it("is low for a bead whose boundary could go either way, although its words match", () => {
    // "Really." belongs to the sentence before it or to the one after it: nothing decides
    const zh = [zh8[0], zh8[1], zh8[3], zh8[4]];
    const en = [en8[0], en8[1], "Really.", en8[3], en8[4]];
    const res = run(zh, en);
    const holder = res.beads.find((b) => b.en.includes(2))!;
    expect(holder.zh.length).toBe(1);
    expect(holder.score).toBeGreaterThan(90);
    expect(holder.confidence).toBeLessThan(0.75);
    // the clear beads far from it stay confident
    expect(res.beads.find((b) => b.en.includes(0))!.confidence).toBeGreaterThan(0.95);
    expect(res.beads.find((b) => b.en.includes(4))!.confidence).toBeGreaterThan(0.95);
  });

  it("is null for excluded clutter, in (0, 1) for every other bead, and skipped on request", () => {
    const zh = [{ text: zh8[0] }, { text: "分享到微信", excluded: true }, { text: zh8[1] }];
    const en = [{ text: en8[0] }, { text: en8[1] }];
    const res = align(zh, en, { mode: "parallel" });
    for (const b of res.beads) {
      if (b.excluded) expect(b.confidence).toBeNull();
      else expect(b.confidence).toBeGreaterThan(0);
    }
    const off = align(zh, en, { mode: "parallel", confidence: false });
    for (const b of off.beads) expect(b.confidence).toBeNull();
  });

  it("gives beads outside a monotonic run their neighbourhood's posterior or the fallback", () => {
    const sc = new LexicalDocScorer(zh8, en8);
    // a moved block and a non-contiguous bead, as the comparable model may give them
    const beads = [{ zh: [0], en: [0] }, { zh: [5], en: [5] }, { zh: [1, 3], en: [1] }, { zh: [2], en: [] }];
    const { logOdds } = alignmentPosteriors(sc, beads, [1]);
    expect(Number.isNaN(logOdds[0][1])).toBe(false); // a link alone: its neighbourhood
    expect(Number.isNaN(logOdds[0][2])).toBe(true); // not contiguous: the fallback
    const conf = alignmentConfidences(sc, beads, [100, 100, 40, null]);
    for (const c of conf) {
      expect(c).toBeGreaterThan(0);
      expect(c).toBeLessThan(1);
    }
    expect(conf[1]).toBeGreaterThan(conf[2]);
  });
});

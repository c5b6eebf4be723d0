/**
 * The search's hot loop (see CellGains in ../types.ts): the gains of all beads ending at one node
 * of the search lattice at once, exactly beadGain's values. Each sentence's coverage is grown one
 * sentence of the other side at a time (GrowingCoverage), each pair's evidence is read once per
 * node (PairRing), and a bead whose gain cannot beat the best bead found so far at the node is
 * skipped (GainBound).
 */
import type { CellGains } from "../types";
import { sentenceColumns } from "./columns";
import { GrowingCoverage } from "./coverage";
import type { LexDoc } from "./doc";
import { PairRing } from "./evidence";
import { BeadTally, F_BEAD, F_CE, F_CMIN, F_CZ, F_EXCL, F_LEN, F_N, F_QMARK, F_QSTATE, F_QUOTE, F_SILENT, F_UNSUP, F_WEAK, shapeFeature, shapeValue } from "./features";

export function cellGains(doc: LexDoc, shapes: [number, number][]): CellGains {
  const sA = Int32Array.from(shapes, (x) => x[0]);
  const sB = Int32Array.from(shapes, (x) => x[1]);
  const maxA = Math.max(1, ...sA);
  const maxB = Math.max(1, ...sB);
  const ring = new PairRing(doc.zh, doc.en, maxA);
  const z = sentenceColumns(doc.zh);
  const e = sentenceColumns(doc.en);
  const zCov = new GrowingCoverage(true, maxA, maxB, doc.zh, doc.en, ring, z);
  const eCov = new GrowingCoverage(false, maxB, maxA, doc.zh, doc.en, ring, e);
  const bound = new GainBound(doc.weights, shapes);
  const zQ = doc.zhQ;
  const eQ = doc.enQ;
  const w = doc.weights;
  const length = doc.length;
  const tally = new BeadTally();
  // the length term w·lenDensity is at most 0 (lenDensity ≤ 0) when its weight is not negative
  const lenAtMost0 = w[F_LEN] >= 0;
  // gains kept from an earlier search (rememberGains): taken instead of tallied, and kept when tallied
  const memo = doc.gainMemo;
  const slot = memo ? memo.slots(shapes) : new Int32Array(shapes.length).fill(-1);
  const kept = memo ? memo.gains : new Float64Array(0);
  return (i, j, prev, out) => {
    zCov.reset(i, j);
    eCov.reset(i, j);
    let best = -Infinity;
    const at = memo ? memo.at(i, j) : -1;
    const qs = i > 0 && j > 0 && zQ[i - 1] !== eQ[j - 1] ? 1 : 0;
    for (let s = 0; s < shapes.length; s++) {
      const p = prev[s];
      if (p === -Infinity) continue;
      const a = sA[s];
      const b = sB[s];
      let k = -1; // the bead's place in the kept gains
      if (a === 0 || b === 0) {
        const k = a === 0 ? j - b : i - a;
        tally.gap(a, b, a === 0 ? e.tot[k] : z.tot[k], qs, a === 0 ? e.logTot[k] : z.logTot[k]);
      } else {
        let lz = 0;
        let le = 0;
        let pz = 0;
        let pe = 0;
        let tz = 0;
        let te = 0;
        for (let q = i - a; q < i; q++) {
          lz += z.len[q];
          pz |= z.punct[q];
          tz += z.tot[q];
        }
        for (let q = j - b; q < j; q++) {
          le += e.len[q];
          pe |= e.punct[q];
          te += e.tot[q];
        }
        // the bound without the length term first (it is at most 0): no logarithm for most pruned beads
        tally.start(a, b, tz, te, 0, pz ^ pe, qs);
        const cov = best !== -Infinity ? bound.coverageMax(tally) : 0;
        if (best !== -Infinity && lenAtMost0 && bound.loses(s, tally, cov, p, best)) {
          out[s] = -Infinity;
          continue;
        }
        tally.lenDensity = length.logDensity(lz, le);
        if (best !== -Infinity && bound.loses(s, tally, cov, p, best)) {
          out[s] = -Infinity;
          continue;
        }
        k = at >= 0 && slot[s] >= 0 ? at + slot[s] : -1;
        if (k >= 0 && kept[k] === kept[k]) {
          const g = kept[k];
          out[s] = g;
          if (p + g > best) best = p + g;
          continue;
        }
        // Chinese sentences in order i−a..i−1, then English ones j−b..j−1 (as beadFeatures)
        zCov.addTo(tally, a, b);
        eCov.addTo(tally, b, a);
      }
      const g = tally.gain(w);
      if (k >= 0) kept[k] = g;
      out[s] = g;
      if (p + g > best) best = p + g;
    }
  };
}

/**
 * Upper bound of a link bead's gain: the cheap features (length, punctuation, shape) exactly, the
 * coverage ones at their maximum (every token matched), the others at their best value.
 */
class GainBound {
  private readonly shapeConst: Float64Array;
  private readonly wCz: number;
  private readonly wCe: number;
  private readonly wCmin: number;
  private readonly wLen: number;
  private readonly wQs: number;
  /** gain of the punctuation mismatch flags (bit 0 quote, 1 ?, 2 !) */
  private readonly wPunct: number[];

  constructor(w: ArrayLike<number>, shapes: [number, number][]) {
    const pos = (k: number) => Math.max(0, w[k]);
    this.shapeConst = Float64Array.from(shapes, ([a, b]) => {
      if (a === 0 || b === 0) return 0;
      const n = a + b;
      const shape = shapeFeature(a, b);
      const ws = shape >= 0 ? w[shape] * shapeValue(a, b) : 0;
      return w[F_N] * n + w[F_BEAD] + ws + Math.max(0, w[F_UNSUP] * n) + pos(F_WEAK) + pos(F_SILENT) * 6 * n;
    });
    this.wCz = pos(F_CZ);
    this.wCe = pos(F_CE);
    this.wCmin = pos(F_CMIN);
    this.wLen = w[F_LEN];
    this.wQs = w[F_QSTATE];
    const [q, m, x] = [w[F_QUOTE], w[F_QMARK], w[F_EXCL]];
    this.wPunct = [0, q, m, q + m, x, q + x, m + x, q + m + x];
  }

  /** The coverage part of the bound of a started tally: n·(w·c) with every token matched. */
  coverageMax(t: BeadTally): number {
    const czMax = t.tz / (t.tz + t.smooth);
    const ceMax = t.te / (t.te + t.smooth);
    return (t.a + t.b) * (this.wCz * czMax + this.wCe * ceMax + this.wCmin * (czMax < ceMax ? czMax : ceMax));
  }

  /**
   * Whether shape s, its tally started (no sentences yet), provably loses after a path of value p
   * to the node's best; cov = coverageMax(t).
   */
  loses(s: number, t: BeadTally, cov: number, p: number, best: number): boolean {
    const ub = this.shapeConst[s] + this.wLen * t.lenDensity + this.wPunct[t.punctX] + (t.qstate ? this.wQs : 0) + cov;
    return p + ub + 1e-6 * (1 + Math.abs(p + ub)) < best;
  }

}

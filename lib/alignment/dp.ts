/**
 * Monotonic bead DP over a band ("window") of the zh × en lattice.
 *
 * Node (i, j) = i Chinese and j English sentences consumed. A bead of shape
 * (a, b) goes from (i-a, j-b) to (i, j). Bead gain:
 *   gaps (1-0, 0-1):   -gap
 *   a,b ≥ 1:           (a+b)·(sim − tau) + lenWeight·lengthPenalty − shapePenalty(a,b)
 * so a bead's value scales with the sentences it explains and beads of all sizes compete
 * on the same scale. The window gives, per row i, the allowed column range — time and
 * memory are linear in the window's size.
 */
import type { BeadRange, CellGains, DocScorer } from "../scoring/types";

export interface DpParams {
  tau: number;
  gap: number;
  lenWeight: number;
  /** extra cost per sentence beyond the first on each side */
  mergeCost: number;
  /** extra cost for beads with ≥2 sentences on BOTH sides */
  manyManyCost: number;
  shapes: [number, number][];
}

export const ALL_SHAPES: [number, number][] = [
  [1, 1], [1, 0], [0, 1], [1, 2], [2, 1], [1, 3], [3, 1], [2, 2], [1, 4], [4, 1], [2, 3], [3, 2],
  [1, 5], [5, 1], [1, 6], [6, 1],
];

export const DEFAULT_DP: DpParams = {
  tau: 0.14,
  gap: 0.7,
  lenWeight: 0.6,
  mergeCost: 0.4,
  manyManyCost: 0.2,
  shapes: ALL_SHAPES,
};

export interface Window {
  /** for row i (0..nZh): allowed columns lo[i]..hi[i] inclusive */
  lo: Int32Array;
  hi: Int32Array;
}

export type RangeBead = BeadRange;

export function fullWindow(nZh: number, nEn: number): Window {
  const lo = new Int32Array(nZh + 1);
  const hi = new Int32Array(nZh + 1).fill(nEn);
  return { lo, hi };
}

/** Make a window monotone and clipped so that a path from (0,0) to (nZh,nEn) exists. */
export function normalizeWindow(w: Window, nEn: number): Window {
  const n = w.lo.length;
  const lo = Int32Array.from(w.lo);
  const hi = Int32Array.from(w.hi);
  lo[0] = 0;
  hi[n - 1] = nEn;
  for (let i = 0; i < n; i++) {
    lo[i] = Math.max(0, Math.min(lo[i], nEn));
    hi[i] = Math.max(0, Math.min(hi[i], nEn));
  }
  for (let i = n - 2; i >= 0; i--) lo[i] = Math.min(lo[i], lo[i + 1]);
  for (let i = 1; i < n; i++) hi[i] = Math.max(hi[i], hi[i - 1]);
  for (let i = 0; i < n; i++) if (hi[i] < lo[i]) hi[i] = lo[i];
  // consecutive rows must overlap (a 1-0 bead keeps j)
  for (let i = 1; i < n; i++) if (lo[i] > hi[i - 1]) lo[i] = hi[i - 1];
  return { lo, hi };
}

/** Window of ±margin around a path of beads. */
export function windowAroundPath(beads: RangeBead[], nZh: number, nEn: number, margin: number): Window {
  const lo = new Int32Array(nZh + 1).fill(nEn);
  const hi = new Int32Array(nZh + 1).fill(0);
  const mark = (i: number, j: number) => {
    for (let r = Math.max(0, i - margin); r <= Math.min(nZh, i + margin); r++) {
      if (j - margin < lo[r]) lo[r] = Math.max(0, j - margin);
      if (j + margin > hi[r]) hi[r] = Math.min(nEn, j + margin);
    }
  };
  mark(0, 0);
  for (const b of beads) {
    for (let i = b.z0; i <= b.z1; i++) mark(i, b.e0);
    for (let j = b.e0; j <= b.e1; j++) mark(b.z1, j);
  }
  mark(nZh, nEn);
  return normalizeWindow({ lo, hi }, nEn);
}

export function windowSize(w: Window): number {
  let s = 0;
  for (let i = 0; i < w.lo.length; i++) s += w.hi[i] - w.lo[i] + 1;
  return s;
}

export type { CellGains } from "../scoring/types";

/** Adapter: a per-bead gain function (any shape; gaps have z0 === z1 or e0 === e1) as CellGains. */
export function cellGainsFromBeads(
  shapes: [number, number][],
  gain: (z0: number, z1: number, e0: number, e1: number) => number,
): CellGains {
  return (i, j, prev, out) => {
    for (let s = 0; s < shapes.length; s++) {
      if (prev[s] === -Infinity) continue;
      out[s] = gain(i - shapes[s][0], i, j - shapes[s][1], j);
    }
  };
}

/** The classic sim/length DP gain of DpParams as a per-bead gain. */
export function simBeadGain(scorer: DocScorer, params: DpParams) {
  const { tau, gap, lenWeight, mergeCost, manyManyCost } = params;
  return (z0: number, z1: number, e0: number, e1: number): number => {
    const a = z1 - z0;
    const b = e1 - e0;
    if (a === 0 || b === 0) return -gap * (a + b);
    const shapeCost = mergeCost * (a - 1 + (b - 1)) + (a >= 2 && b >= 2 ? manyManyCost : 0);
    return (a + b) * (scorer.sim(z0, z1, e0, e1) - tau) + lenWeight * scorer.lengthPenalty(z0, z1, e0, e1) - shapeCost;
  };
}

/**
 * The monotonic bead search (Viterbi over the window): the one search of the engine. Time is
 * linear in the window's size; memory is the window's size × 9 bytes (best values + back pointers).
 */
export function searchPath(
  nZh: number,
  nEn: number,
  window: Window,
  shapes: [number, number][],
  gains: CellGains,
  hooks: { tick?: (row: number) => void; releaseBefore?: (i: number) => void } = {},
): RangeBead[] {
  const { lo, hi } = window;
  const off = new Int32Array(nZh + 2);
  for (let i = 0; i <= nZh; i++) off[i + 1] = off[i] + (hi[i] - lo[i] + 1);
  const total = off[nZh + 1];
  const best = new Float64Array(total).fill(-Infinity);
  const back = new Uint8Array(total).fill(255);
  best[0 - lo[0] + off[0]] = 0;
  const S = shapes.length;
  const sa = Int32Array.from(shapes, (x) => x[0]);
  const sb = Int32Array.from(shapes, (x) => x[1]);
  const prev = new Float64Array(S);
  const out = new Float64Array(S);
  for (let i = 0; i <= nZh; i++) {
    if ((i & 255) === 0) {
      hooks.tick?.(i);
      if (i > 8) hooks.releaseBefore?.(i - 7);
    }
    for (let j = lo[i]; j <= hi[i]; j++) {
      if (i === 0 && j === 0) continue;
      let any = false;
      for (let s = 0; s < S; s++) {
        const pi = i - sa[s];
        const pj = j - sb[s];
        prev[s] = -Infinity;
        if (pi < 0 || pj < 0 || pj < lo[pi] || pj > hi[pi]) continue;
        const p = best[off[pi] + pj - lo[pi]];
        prev[s] = p;
        if (p !== -Infinity) any = true;
      }
      if (!any) continue;
      gains(i, j, prev, out);
      let bv = -Infinity;
      let bs = 255;
      for (let s = 0; s < S; s++) {
        if (prev[s] === -Infinity) continue;
        const v = prev[s] + out[s];
        if (v > bv) {
          bv = v;
          bs = s;
        }
      }
      const idx = off[i] + j - lo[i];
      best[idx] = bv;
      back[idx] = bs;
    }
  }
  const beads: RangeBead[] = [];
  let i = nZh;
  let j = nEn;
  while (i > 0 || j > 0) {
    if (j < lo[i] || j > hi[i]) throw new Error(`DP backtrace left the window at (${i},${j})`);
    const s = back[off[i] + j - lo[i]];
    if (s === 255) throw new Error(`DP found no path at (${i},${j})`);
    const [a, b] = shapes[s];
    beads.push({ z0: i - a, z1: i, e0: j - b, e1: j });
    i -= a;
    j -= b;
  }
  beads.reverse();
  return beads;
}

/** The search with the classic sim/length gain of DpParams. */
export function runDp(
  scorer: DocScorer,
  window: Window,
  params: DpParams,
  tick?: (row: number) => void,
): RangeBead[] {
  return searchPath(scorer.nZh, scorer.nEn, window, params.shapes, cellGainsFromBeads(params.shapes, simBeadGain(scorer, params)), {
    tick,
    releaseBefore: scorer.releaseBefore?.bind(scorer),
  });
}

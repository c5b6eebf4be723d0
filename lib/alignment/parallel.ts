/**
 * Parallel (monotonic) alignment, two-step like Bertalign:
 *  1. window: the whole lattice for small inputs; for large ones a corridor
 *     around confident 1-1 anchors (rare-word candidates + sentence similarity,
 *     best monotone chain by weighted LIS);
 *  2. DP with all bead shapes in that window → first-pass path;
 *  3. in-document learning (IBM-1 style EM) + length model refit from the path;
 *  4. DP again in a narrow band around the first path.
 */
import type { DocScorer } from "../scoring/types";
import {
  DEFAULT_DP,
  fullWindow,
  normalizeWindow,
  runDp,
  windowAroundPath,
  windowSize,
  type DpParams,
  type RangeBead,
  type Window,
} from "./dp";

export interface ParallelOptions {
  dp?: DpParams;
  /** lattice size under which the first pass searches everything */
  fullLimit?: number;
  learn?: boolean;
  secondPassMargin?: number;
  onProgress?: (done: number, total: number, stage: string) => void;
  signal?: AbortSignal;
}

export interface ParallelStats {
  anchors: number;
  windowCells: number;
  secondPassCells: number;
  learned: boolean;
}

export interface Anchor {
  i: number;
  j: number;
  w: number;
}

function checkAbort(signal?: AbortSignal) {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error("aborted");
}

/** Confident 1-1 anchors: best candidate per English sentence, then the heaviest monotone chain. */
export function findAnchors(scorer: DocScorer, signal?: AbortSignal): Anchor[] {
  const cands: Anchor[] = [];
  for (let j = 0; j < scorer.nEn; j++) {
    if ((j & 1023) === 0) checkAbort(signal);
    const list = scorer.candidatesForEn(j, 4);
    let best = -1;
    let bi = -1;
    let second = 0;
    for (const i of list) {
      const s = scorer.sim(i, i + 1, j, j + 1);
      if (s > best) {
        second = Math.max(second, best);
        best = s;
        bi = i;
      } else if (s > second) second = s;
    }
    if (bi >= 0 && best >= 0.3 && best - second >= 0.08) cands.push({ i: bi, j, w: best - 0.5 * second });
  }
  // weighted longest increasing chain (strict in i and j): j already increasing in order
  const n = cands.length;
  if (!n) return [];
  const nZ = scorer.nZh;
  // Fenwick tree over i for prefix max of chain weight
  const tree = new Float64Array(nZ + 2);
  const treeIdx = new Int32Array(nZ + 2).fill(-1);
  const prev = new Int32Array(n).fill(-1);
  const score = new Float64Array(n);
  // process by j groups: all candidates have distinct j (one per j)
  for (let k = 0; k < n; k++) {
    const { i, w } = cands[k];
    // query max over positions < i (1-based tree indices 1..i)
    let q = i;
    let bv = 0;
    let bk = -1;
    while (q > 0) {
      if (tree[q] > bv) {
        bv = tree[q];
        bk = treeIdx[q];
      }
      q -= q & -q;
    }
    score[k] = bv + w;
    prev[k] = bk;
    let u = i + 1;
    while (u <= nZ + 1) {
      if (score[k] > tree[u]) {
        tree[u] = score[k];
        treeIdx[u] = k;
      }
      u += u & -u;
    }
  }
  let end = 0;
  for (let k = 1; k < n; k++) if (score[k] > score[end]) end = k;
  const chain: Anchor[] = [];
  for (let k = end; k >= 0; k = prev[k]) chain.push(cands[k]);
  chain.reverse();
  return chain;
}

/** Corridor between consecutive anchors, widened by margin. */
export function windowFromAnchors(anchors: Anchor[], nZh: number, nEn: number, margin: number): Window {
  const pts = [{ i: 0, j: 0 }, ...anchors.map((a) => ({ i: a.i, j: a.j })), { i: nZh, j: nEn }];
  const lo = new Int32Array(nZh + 1).fill(nEn);
  const hi = new Int32Array(nZh + 1).fill(0);
  for (let k = 0; k + 1 < pts.length; k++) {
    const a = pts[k];
    const b = pts[k + 1];
    const r0 = Math.max(0, a.i - margin);
    const r1 = Math.min(nZh, b.i + 1 + margin);
    const c0 = Math.max(0, a.j - margin);
    const c1 = Math.min(nEn, b.j + 1 + margin);
    for (let r = r0; r <= r1; r++) {
      if (c0 < lo[r]) lo[r] = c0;
      if (c1 > hi[r]) hi[r] = c1;
    }
  }
  return normalizeWindow({ lo, hi }, nEn);
}

export function alignParallel(scorer: DocScorer, opts: ParallelOptions = {}): { beads: RangeBead[]; stats: ParallelStats } {
  const dp = opts.dp ?? DEFAULT_DP;
  const nZ = scorer.nZh;
  const nE = scorer.nEn;
  const stats: ParallelStats = { anchors: 0, windowCells: 0, secondPassCells: 0, learned: false };
  if (nZ === 0 || nE === 0) {
    const beads: RangeBead[] = [];
    for (let i = 0; i < nZ; i++) beads.push({ z0: i, z1: i + 1, e0: 0, e1: 0 });
    for (let j = 0; j < nE; j++) beads.push({ z0: nZ, z1: nZ, e0: j, e1: j + 1 });
    return { beads, stats };
  }
  const progress = opts.onProgress;
  const fullLimit = opts.fullLimit ?? 400_000;
  let window: Window;
  if ((nZ + 1) * (nE + 1) <= fullLimit) window = fullWindow(nZ, nE);
  else {
    progress?.(0, 4, "anchors");
    const anchors = findAnchors(scorer, opts.signal);
    stats.anchors = anchors.length;
    scorer.releaseBefore?.(Infinity);
    window = windowFromAnchors(anchors, nZ, nE, 3);
  }
  checkAbort(opts.signal);
  stats.windowCells = windowSize(window);
  const tick = (stage: string, base: number) => (row: number) => {
    checkAbort(opts.signal);
    progress?.(base + row / (nZ + 1), 4, stage);
  };
  const search = (w: Window, stage: string, base: number) =>
    scorer.beadGain && !opts.dp
      ? runGainDp(scorer as Parameters<typeof runGainDp>[0], w, dp.shapes, tick(stage, base))
      : runDp(scorer, w, dp, tick(stage, base));
  let beads = search(window, "first pass", 1);
  if (opts.learn !== false && scorer.learn) {
    progress?.(2, 4, "learning");
    scorer.learn(beads.map((b) => ({ zh: range(b.z0, b.z1), en: range(b.e0, b.e1) })));
    stats.learned = true;
    const large = (nZ + 1) * (nE + 1) > fullLimit;
    const w2 = windowAroundPath(beads, nZ, nE, opts.secondPassMargin ?? (large ? 3 : 6));
    stats.secondPassCells = windowSize(w2);
    beads = search(w2, "second pass", 2);
  }
  progress?.(4, 4, "done");
  return { beads, stats };
}

/**
 * Monotonic DP like dp.ts `runDp`, but each bead's value is the scorer's own `beadGain`
 * (gaps included), so the scorer decides how lexical, length, punctuation and shape
 * evidence combine. Same window semantics as runDp.
 */
export function runGainDp(
  scorer: DocScorer & { beadGain(z0: number, z1: number, e0: number, e1: number): number },
  window: Window,
  shapes: [number, number][],
  tick?: (row: number) => void,
): RangeBead[] {
  const nZh = scorer.nZh;
  const nEn = scorer.nEn;
  const { lo, hi } = window;
  const off = new Int32Array(nZh + 2);
  for (let i = 0; i <= nZh; i++) off[i + 1] = off[i] + (hi[i] - lo[i] + 1);
  const best = new Float64Array(off[nZh + 1]).fill(-Infinity);
  const back = new Uint8Array(off[nZh + 1]).fill(255);
  best[off[0] - lo[0]] = 0;
  for (let i = 0; i <= nZh; i++) {
    if ((i & 255) === 0) {
      tick?.(i);
      if (i > 8) scorer.releaseBefore?.(i - 7);
    }
    for (let j = lo[i]; j <= hi[i]; j++) {
      if (i === 0 && j === 0) continue;
      let bv = -Infinity;
      let bs = 255;
      for (let s = 0; s < shapes.length; s++) {
        const pi = i - shapes[s][0];
        const pj = j - shapes[s][1];
        if (pi < 0 || pj < 0 || pj < lo[pi] || pj > hi[pi]) continue;
        const prev = best[off[pi] + pj - lo[pi]];
        if (prev === -Infinity) continue;
        const v = prev + scorer.beadGain(pi, i, pj, j);
        if (v > bv) {
          bv = v;
          bs = s;
        }
      }
      best[off[i] + j - lo[i]] = bv;
      back[off[i] + j - lo[i]] = bs;
    }
  }
  const beads: RangeBead[] = [];
  let i = nZh;
  let j = nEn;
  while (i > 0 || j > 0) {
    const s = back[off[i] + j - lo[i]];
    if (j < lo[i] || j > hi[i] || s === 255) throw new Error(`DP found no path at (${i},${j})`);
    const [a, b] = shapes[s];
    beads.push({ z0: i - a, z1: i, e0: j - b, e1: j });
    i -= a;
    j -= b;
  }
  beads.reverse();
  return beads;
}

export function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let k = a; k < b; k++) out.push(k);
  return out;
}

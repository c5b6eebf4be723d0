/**
 * Bead confidence: the probability that a bead of the aligner's output is right, kept apart from
 * the match score (how closely the two sides' meanings match).
 *
 * The search (dp.ts searchPath) picks the best monotonic path through a lattice of beads whose
 * value is the scorer's log-linear bead gain. Read as a distribution over paths,
 *   P(path) ∝ exp(Σ gain(bead) / T),
 * the marginal probability of one bead — the total weight of the paths that contain it — is what
 * forward–backward computes over the same lattice: the same bead shapes and the same gains
 * (scorer.cellGains / beadGain, the values the search sums, with the search's own pruning),
 * restricted to a band of ±margin sentences around the chosen path, so that time and memory stay
 * linear in document length. A bead whose boundaries could go either way shares its weight with
 * the competing segmentations and gets a low posterior however well its words match; a bead that
 * stands out from every alternative gets a high one.
 *
 * The confidence is a small logistic calibration of that posterior (its log-odds, the bead's shape
 * and its match score), with the temperature, fitted on MAC-Dev + aca: `npm run bench:score`
 * measures it leave-one-document-out, `npm run bench:score -- --fit` prints CONFIDENCE_PARAMS.
 *
 * Which beads get what (alignmentConfidences, on align()'s beads in their order):
 *  - beads that follow each other in a monotonic run (each starts where the previous ended: the
 *    whole parallel output, each island of the comparable model) — forward–backward over the run's
 *    band (buildLattice / posteriors; the run's two ends are fixed);
 *  - a bead with contiguous sides outside any run — the same machinery on its local
 *    neighbourhood (localLattice: the box of ±localMargin sentences around it); a one-sentence
 *    gap outside any run is placed beside the bead that holds its neighbouring sentence;
 *  - the rest (sides not contiguous, a gap whose place is unknown) — a fitted fallback from the
 *    bead's shape and match score alone (FALLBACK_FEATURES).
 */
import type { CellGains, DocScorer } from "../scoring/types";
import { ALL_SHAPES, cellGainsFromBeads, DEFAULT_DP, simBeadGain, windowAroundPath, type RangeBead, type Window } from "./dp";

export interface ConfidenceParams {
  /** temperature of the path distribution (in units of the search's bead gain) */
  temperature: number;
  /** band: sentences on each side of the chosen path that the competing paths may use */
  margin: number;
  /** a bead outside any monotonic run: sentences around it in its local neighbourhood */
  localMargin: number;
  /** logistic calibration: coefficients of CONF_FEATURES */
  cal: number[];
  /** beads without a posterior: coefficients of FALLBACK_FEATURES */
  fallback: number[];
}

/** Inputs of the calibration, in the order of ConfidenceParams.cal. */
export const CONF_FEATURES = [
  "bias",
  "posterior log-odds", // logit of the forward–backward bead posterior, clipped to ±30
  "gap", // 1 for a bead with one empty side
  "sentences-2", // sentences in the bead minus 2 (0 for 1-1)
  "score log-odds", // logit of the match score (0–100), clipped to ±6; 0 for gaps
] as const;

/** Inputs of the fallback calibration (a bead without a posterior): CONF_FEATURES but the posterior. */
export const FALLBACK_FEATURES = ["bias", "gap", "sentences-2", "score log-odds"] as const;

/**
 * Fitted by `npm run bench:score -- --fit` on MAC-Dev + aca (all seven documents: for each
 * temperature of bench/score-quality.ts's grid an L2-regularised logistic regression, and the
 * temperature whose confidence ranks right above wrong beads best); the benchmark's figures come
 * from the same procedure run leave-one-document-out. Any temperature from 0.25 to 1.5 gives
 * MAC-Dev a pooled ROC-AUC of 0.872–0.876; aca prefers the low ones (0.96 at 0.25, 0.89 at 1). The band (margin 1)
 * and the search's pruning do not change the figures against margin 2–6 with exact gains (MAC-Dev
 * pooled ROC-AUC 0.875 either way) and cost about half as much.
 */
export const CONFIDENCE_PARAMS: ConfidenceParams = {
  temperature: 0.35,
  margin: 1,
  localMargin: 3,
  cal: [0.082, 0.199, 0.066, -0.403, 0.187],
  fallback: [2.235, -1.581, -0.716, 0.391],
};

const LOGIT_CLIP = 30;
const SCORE_CLIP = 6;

export function logit(p: number, clip = LOGIT_CLIP): number {
  const e = 1e-12;
  const q = Math.min(1 - e, Math.max(e, p));
  const z = Math.log(q / (1 - q));
  return Math.max(-clip, Math.min(clip, z));
}

/**
 * Calibration features of one bead (CONF_FEATURES): logOdds, its forward–backward posterior as
 * log-odds; score, its match score 0–100 (null for gaps).
 */
export function confFeatures(logOdds: number, bead: ListBead, score: number | null): number[] {
  return [1, Math.max(-LOGIT_CLIP, Math.min(LOGIT_CLIP, logOdds)), ...fallbackFeatures(bead, score).slice(1)];
}

/** Fallback features of one bead (FALLBACK_FEATURES). */
export function fallbackFeatures(bead: ListBead, score: number | null): number[] {
  const a = bead.zh.length;
  const b = bead.en.length;
  const gap = a === 0 || b === 0 ? 1 : 0;
  return [1, gap, a + b - 2, gap || score === null ? 0 : logit(score / 100, SCORE_CLIP)];
}

export function calibrated(x: number[], cal: number[]): number {
  let z = 0;
  for (let k = 0; k < x.length; k++) z += (cal[k] ?? 0) * x[k];
  return 1 / (1 + Math.exp(-z));
}

/**
 * The search's bead gains for the given shapes, as parallel.ts reads them: scorer.cellGains, else
 * beadGain, else the classic sim/length gain. A CellGains source may skip a bead that cannot beat
 * an earlier shape at the node (the CellGains contract): buildLattice gives it the Viterbi values
 * of the start nodes, as the search does, so it skips exactly the beads the search skips.
 */
export function searchGains(scorer: DocScorer, shapes: [number, number][]): CellGains {
  if (scorer.cellGains) return scorer.cellGains(shapes);
  return scorer.beadGain ? cellGainsFromBeads(shapes, scorer.beadGain.bind(scorer)) : cellGainsFromBeads(shapes, simBeadGain(scorer, DEFAULT_DP));
}

/** The band of one contiguous monotonic path with every bead gain in it (computed once). */
export interface Lattice {
  /** origin of the sub-lattice in the document: node (i, j) is (z0 + i, e0 + j) */
  z0: number;
  e0: number;
  nz: number;
  ne: number;
  window: Window;
  /** row offsets into the cells */
  off: Int32Array;
  shapes: [number, number][];
  /** gain of the bead of shape s ending at cell c: gains[c·S + s]; −Infinity when its start is outside the band */
  gains: Float64Array;
  /** the path, relative to the origin */
  path: RangeBead[];
  /** index of each path bead's shape in `shapes` */
  pathShape: Int32Array;
}

/** Whether beads follow each other without holes (each starts where the previous ended). */
export function contiguousRuns(beads: RangeBead[]): [number, number][] {
  const runs: [number, number][] = [];
  let start = 0;
  for (let k = 1; k <= beads.length; k++) {
    if (k === beads.length || beads[k].z0 !== beads[k - 1].z1 || beads[k].e0 !== beads[k - 1].e1) {
      if (k > start) runs.push([start, k]);
      start = k;
    }
  }
  return runs;
}

/**
 * Build the band of ±margin around a contiguous monotonic path (absolute indices) and compute the
 * bead gains in it, in the search's order. `shapes` defaults to the search's (ALL_SHAPES); any
 * shape the path uses that is not among them is added.
 *
 * With `prune` (the default), a bead the search itself would skip — its gain's upper bound cannot
 * beat the best path into its end node (CellGains contract) — is left out of the lattice: those
 * are far below the best bead at the node, so their share of the posterior is negligible, and
 * skipping them is what keeps this stage as cheap as a search pass. The beads of the path always
 * get their gain. Without `prune`, every gain is exact (each shape's prev is made larger than
 * every earlier shape's prev plus any gain, so the source never skips one).
 */
export function buildLattice(
  scorer: DocScorer,
  path: RangeBead[],
  margin: number,
  shapes: [number, number][] = ALL_SHAPES,
  source?: CellGains,
  prune = true,
): Lattice {
  if (!path.length) throw new Error("buildLattice: empty path");
  const z0 = path[0].z0;
  const e0 = path[0].e0;
  const nz = path[path.length - 1].z1 - z0;
  const ne = path[path.length - 1].e1 - e0;
  const sh = shapes.map((x) => [x[0], x[1]] as [number, number]);
  const key = (a: number, b: number) => `${a},${b}`;
  const index = new Map(sh.map((x, s) => [key(x[0], x[1]), s]));
  const rel = path.map((b) => ({ z0: b.z0 - z0, z1: b.z1 - z0, e0: b.e0 - e0, e1: b.e1 - e0 }));
  const pathShape = new Int32Array(rel.length);
  rel.forEach((b, k) => {
    const a = b.z1 - b.z0;
    const c = b.e1 - b.e0;
    let s = index.get(key(a, c));
    if (s === undefined) {
      s = sh.length;
      sh.push([a, c]);
      index.set(key(a, c), s);
      source = undefined; // a new shape: the gain source must know it
    }
    pathShape[k] = s;
  });
  const g = source ?? searchGains(scorer, sh);
  const window = windowAroundPath(rel, nz, ne, margin);
  const { lo, hi } = window;
  const off = new Int32Array(nz + 2);
  for (let i = 0; i <= nz; i++) off[i + 1] = off[i] + (hi[i] - lo[i] + 1);
  const total = off[nz + 1];
  const S = sh.length;
  const gains = new Float64Array(total * S).fill(-Infinity);
  const best = new Float64Array(total).fill(-Infinity);
  best[0] = 0;
  // end cells of the path's beads: the path bead's shape there (+1; its gain is always computed)
  const pathAt = new Int32Array(total);
  rel.forEach((b, k) => (pathAt[off[b.z1] + b.e1 - lo[b.z1]] = pathShape[k] + 1));
  const sa = Int32Array.from(sh, (x) => x[0]);
  const sb = Int32Array.from(sh, (x) => x[1]);
  const prev = new Float64Array(S);
  const vit = new Float64Array(S);
  const out = new Float64Array(S);
  for (let i = 0; i <= nz; i++) {
    for (let j = lo[i]; j <= hi[i]; j++) {
      if (i === 0 && j === 0) continue;
      const c = off[i] + j - lo[i];
      let any = false;
      for (let s = 0; s < S; s++) {
        const pi = i - sa[s];
        const pj = j - sb[s];
        vit[s] = pi >= 0 && pj >= 0 && pj >= lo[pi] && pj <= hi[pi] ? best[off[pi] + pj - lo[pi]] : -Infinity;
        if (vit[s] !== -Infinity) any = true;
      }
      if (!any) continue;
      for (let s = 0; s < S; s++) prev[s] = vit[s] === -Infinity ? -Infinity : prune ? vit[s] : s * 1e7;
      out.fill(-Infinity);
      g(i + z0, j + e0, prev, out);
      const ps = pathAt[c] - 1;
      if (ps >= 0 && out[ps] === -Infinity && vit[ps] !== -Infinity) {
        // the path's bead was skipped: its exact gain alone
        prev.fill(-Infinity);
        prev[ps] = 0;
        const keep = out.slice();
        g(i + z0, j + e0, prev, out);
        keep[ps] = out[ps];
        out.set(keep);
      }
      const base = c * S;
      let bv = -Infinity;
      for (let s = 0; s < S; s++) {
        if (vit[s] === -Infinity) continue;
        gains[base + s] = out[s];
        const v = vit[s] + out[s];
        if (v > bv) bv = v;
      }
      best[c] = bv;
    }
  }
  return { z0, e0, nz, ne, window, off, shapes: sh, gains, path: rel, pathShape };
}

export interface Posteriors {
  /** per path bead: its marginal probability under P(path) ∝ exp(Σ gain / T) */
  bead: Float64Array;
  /** the same as log-odds, exact also where the probability rounds to 1 */
  logOdds: Float64Array;
  /** per path bead: probability that a path passes through its start node and its end node */
  startNode: Float64Array;
  endNode: Float64Array;
}

/** Forward–backward over the lattice at temperature T. */
export function posteriors(lat: Lattice, T: number): Posteriors {
  const { nz, window, off, gains, shapes } = lat;
  const { lo, hi } = window;
  const S = shapes.length;
  const sa = Int32Array.from(shapes, (x) => x[0]);
  const sb = Int32Array.from(shapes, (x) => x[1]);
  const total = off[nz + 1];
  const alpha = new Float64Array(total).fill(-Infinity);
  const beta = new Float64Array(total).fill(-Infinity);
  const inv = 1 / T;
  const at = (i: number, j: number) => (i < 0 || i > nz || j < lo[i] || j > hi[i] ? -1 : off[i] + j - lo[i]);
  alpha[0 - lo[0] + off[0]] = 0;
  const terms = new Float64Array(S);
  for (let i = 0; i <= nz; i++) {
    for (let j = lo[i]; j <= hi[i]; j++) {
      if (i === 0 && j === 0) continue;
      const c = off[i] + j - lo[i];
      let m = -Infinity;
      for (let s = 0; s < S; s++) {
        terms[s] = -Infinity;
        const g = gains[c * S + s];
        if (g === -Infinity) continue;
        // a bead's gain is finite only when its start node is in the band (buildLattice)
        const pi = i - sa[s];
        const p = alpha[off[pi] + j - sb[s] - lo[pi]];
        if (p === -Infinity) continue;
        const v = p + g * inv;
        terms[s] = v;
        if (v > m) m = v;
      }
      if (m === -Infinity) continue;
      let sum = 0;
      for (let s = 0; s < S; s++) if (terms[s] !== -Infinity) sum += Math.exp(terms[s] - m);
      alpha[c] = m + Math.log(sum);
    }
  }
  const endCell = at(nz, lat.ne);
  beta[endCell] = 0;
  for (let i = nz; i >= 0; i--) {
    for (let j = hi[i]; j >= lo[i]; j--) {
      const c = off[i] + j - lo[i];
      if (c === endCell) continue;
      let m = -Infinity;
      for (let s = 0; s < S; s++) {
        terms[s] = -Infinity;
        const d = at(i + sa[s], j + sb[s]);
        if (d < 0 || beta[d] === -Infinity) continue;
        const g = gains[d * S + s];
        if (g === -Infinity) continue;
        const v = beta[d] + g * inv;
        terms[s] = v;
        if (v > m) m = v;
      }
      if (m === -Infinity) continue;
      let sum = 0;
      for (let s = 0; s < S; s++) if (terms[s] !== -Infinity) sum += Math.exp(terms[s] - m);
      beta[c] = m + Math.log(sum);
    }
  }
  const Z = alpha[endCell];
  const n = lat.path.length;
  const bead = new Float64Array(n);
  const logOdds = new Float64Array(n);
  const startNode = new Float64Array(n);
  const endNode = new Float64Array(n);
  const clamp = (x: number) => (x > 1 ? 1 : x < 0 || Number.isNaN(x) ? 0 : x);
  lat.path.forEach((b, k) => {
    const c0 = at(b.z0, b.e0);
    const c1 = at(b.z1, b.e1);
    const g = gains[c1 * S + lat.pathShape[k]];
    const lp = Math.min(0, alpha[c0] + g * inv + beta[c1] - Z);
    bead[k] = clamp(Math.exp(lp));
    logOdds[k] = lp === -Infinity ? -Infinity : lp - Math.log(-Math.expm1(lp));
    startNode[k] = clamp(Math.exp(alpha[c0] + beta[c0] - Z));
    endNode[k] = clamp(Math.exp(alpha[c1] + beta[c1] - Z));
  });
  return { bead, logOdds, startNode, endNode };
}

/**
 * Forward–backward bead posteriors of a monotonic bead sequence (absolute indices; holes between
 * contiguous runs are allowed: each run is its own lattice).
 */
export function beadPosteriors(
  scorer: DocScorer,
  beads: RangeBead[],
  opts: { temperature?: number; margin?: number; shapes?: [number, number][] } = {},
): Float64Array {
  const T = opts.temperature ?? CONFIDENCE_PARAMS.temperature;
  const margin = opts.margin ?? CONFIDENCE_PARAMS.margin;
  const out = new Float64Array(beads.length);
  for (const [a, b] of contiguousRuns(beads)) {
    const lat = buildLattice(scorer, beads.slice(a, b), margin, opts.shapes);
    out.set(posteriors(lat, T).bead, a);
  }
  return out;
}

/** A bead as index lists (align()'s local beads). */
export interface ListBead {
  zh: number[];
  en: number[];
}

/**
 * Where each bead sits in a monotonic path, when it does: beads (in the given order) that tile a
 * zh range × en range one after the other form a run; a gap bead takes its place on the empty
 * side from the beads around it. Returns each bead's range (null when it has none: non-contiguous
 * sides, or a gap whose place is unknown) and the runs as [start, end) bead indices.
 */
export function monotonicRuns(beads: ListBead[]): { ranges: (RangeBead | null)[]; runs: [number, number][] } {
  const n = beads.length;
  const ranges: (RangeBead | null)[] = new Array(n).fill(null);
  const runs: [number, number][] = [];
  const contiguous = (x: number[]) => x.every((v, k) => k === 0 || v === x[k - 1] + 1);
  const ok = beads.map((b) => contiguous(b.zh) && contiguous(b.en) && b.zh.length + b.en.length > 0);
  const fits = (b: ListBead, z: number, e: number) => (!b.zh.length || b.zh[0] === z) && (!b.en.length || b.en[0] === e);
  let z = -1;
  let e = -1;
  let start = -1;
  const close = (k: number) => {
    if (start >= 0 && k > start) runs.push([start, k]);
    start = -1;
  };
  for (let k = 0; k < n; k++) {
    const b = beads[k];
    if (!ok[k]) {
      close(k);
      continue;
    }
    if (start < 0 || !fits(b, z, e)) {
      close(k);
      // a new run: at a link bead's start, or at the place the gaps before the next link bead leave
      let z0 = -1;
      let e0 = -1;
      if (b.zh.length && b.en.length) [z0, e0] = [b.zh[0], b.en[0]];
      else {
        let m = k;
        let gz = 0;
        let ge = 0;
        while (m < n && ok[m] && !(beads[m].zh.length && beads[m].en.length)) {
          gz += beads[m].zh.length;
          ge += beads[m].en.length;
          m++;
        }
        if (m < n && ok[m]) [z0, e0] = [beads[m].zh[0] - gz, beads[m].en[0] - ge];
        else if (m === n && k > 0) {
          // trailing gaps after the last link bead: from the previous bead's end
          const p = ranges[k - 1];
          if (p) [z0, e0] = [p.z1, p.e1];
        }
      }
      if (z0 < 0 || e0 < 0 || !fits(b, z0, e0)) continue;
      z = z0;
      e = e0;
      start = k;
    }
    ranges[k] = { z0: z, z1: z + b.zh.length, e0: e, e1: e + b.en.length };
    z += b.zh.length;
    e += b.en.length;
  }
  close(n);
  // a run of one bead is no path: its bead is handled on its own (neighbourhood)
  return { ranges, runs: runs.filter(([a, b]) => b - a >= 2) };
}

/**
 * The lattice of a bead's local neighbourhood: the box of ±k sentences around it, every monotonic
 * path through the box competing with the paths through the bead (its neighbours are free to
 * take its sentences). For beads outside a monotonic run (an island of the comparable model that
 * holds one bead, a bead between two moved blocks). Returns the lattice and the bead's index in
 * its path.
 */
export function localLattice(
  scorer: DocScorer,
  r: RangeBead,
  k: number,
  shapes: [number, number][] = ALL_SHAPES,
  source?: CellGains,
  prune = true,
): { lat: Lattice; at: number } {
  const bz0 = Math.max(0, r.z0 - k);
  const be0 = Math.max(0, r.e0 - k);
  const bz1 = Math.min(scorer.nZh, r.z1 + k);
  const be1 = Math.min(scorer.nEn, r.e1 + k);
  // a path through the box holding the bead (the sentences around it as gaps); the band covers the box
  const path: RangeBead[] = [];
  for (let i = bz0; i < r.z0; i++) path.push({ z0: i, z1: i + 1, e0: be0, e1: be0 });
  for (let j = be0; j < r.e0; j++) path.push({ z0: r.z0, z1: r.z0, e0: j, e1: j + 1 });
  const at = path.length;
  path.push(r);
  for (let i = r.z1; i < bz1; i++) path.push({ z0: i, z1: i + 1, e0: r.e1, e1: r.e1 });
  for (let j = r.e1; j < be1; j++) path.push({ z0: bz1, z1: bz1, e0: j, e1: j + 1 });
  return { lat: buildLattice(scorer, path, Math.max(bz1 - bz0, be1 - be0) + 1, shapes, source, prune), at };
}

/**
 * Forward–backward posteriors of an alignment's beads at one or more temperatures: the beads of
 * each monotonic run over the band around the run (the same lattice as the search), the other
 * beads with a range over their local neighbourhood; NaN for a bead with neither (non-contiguous
 * sides, or a gap whose place is unknown).
 */
export function alignmentPosteriors(
  scorer: DocScorer,
  beads: ListBead[],
  temperatures: number[],
  opts: { margin?: number; localMargin?: number; shapes?: [number, number][]; prune?: boolean } = {},
): { logOdds: Float64Array[]; ranges: (RangeBead | null)[]; inRun: Uint8Array } {
  const margin = opts.margin ?? CONFIDENCE_PARAMS.margin;
  const k = opts.localMargin ?? CONFIDENCE_PARAMS.localMargin;
  const { ranges, runs } = monotonicRuns(beads);
  // the search's shapes and any other shape the beads have: one gain source for every lattice
  const shapes = (opts.shapes ?? ALL_SHAPES).map((x) => [x[0], x[1]] as [number, number]);
  const known = new Set(shapes.map(([a, b]) => `${a},${b}`));
  for (const r of ranges) {
    if (!r || known.has(`${r.z1 - r.z0},${r.e1 - r.e0}`)) continue;
    known.add(`${r.z1 - r.z0},${r.e1 - r.e0}`);
    shapes.push([r.z1 - r.z0, r.e1 - r.e0]);
  }
  const logOdds = temperatures.map(() => new Float64Array(beads.length).fill(NaN));
  const inRun = new Uint8Array(beads.length);
  const prune = opts.prune ?? true;
  let source: CellGains | undefined;
  for (const [a, b] of runs) {
    source ??= searchGains(scorer, shapes);
    const lat = buildLattice(scorer, ranges.slice(a, b) as RangeBead[], margin, shapes, source, prune);
    temperatures.forEach((T, t) => logOdds[t].set(posteriors(lat, T).logOdds, a));
    inRun.fill(1, a, b);
  }
  // gaps whose place no run gives: beside the bead that holds their neighbouring sentence
  const place = gapPlaces(beads, ranges);
  beads.forEach((_, q) => {
    const r = ranges[q] ?? place[q];
    if (inRun[q] || !r) return;
    source ??= searchGains(scorer, shapes);
    const { lat, at } = localLattice(scorer, r, k, shapes, source, prune);
    temperatures.forEach((T, t) => (logOdds[t][q] = posteriors(lat, T).logOdds[at]));
  });
  return { logOdds, ranges, inRun };
}

/**
 * A place for each one-sentence gap bead that has no range: a Chinese sentence i without
 * counterpart sits at the English end of the bead holding sentence i − 1 (else at the English
 * start of the bead holding i + 1), an English one likewise on the Chinese side.
 */
function gapPlaces(beads: ListBead[], ranges: (RangeBead | null)[]): (RangeBead | null)[] {
  const zOwner = new Map<number, number>();
  const eOwner = new Map<number, number>();
  beads.forEach((b, q) => {
    if (!ranges[q]) return;
    for (const i of b.zh) zOwner.set(i, q);
    for (const j of b.en) eOwner.set(j, q);
  });
  return beads.map((b, q) => {
    if (ranges[q] || b.zh.length + b.en.length !== 1) return null;
    if (b.zh.length) {
      const i = b.zh[0];
      const before = zOwner.get(i - 1);
      const after = zOwner.get(i + 1);
      const e = before !== undefined ? ranges[before]!.e1 : after !== undefined ? ranges[after]!.e0 : -1;
      return e < 0 ? null : { z0: i, z1: i + 1, e0: e, e1: e };
    }
    const j = b.en[0];
    const before = eOwner.get(j - 1);
    const after = eOwner.get(j + 1);
    const z = before !== undefined ? ranges[before]!.z1 : after !== undefined ? ranges[after]!.z0 : -1;
    return z < 0 ? null : { z0: z, z1: z, e0: j, e1: j + 1 };
  });
}

/**
 * The confidence (0–1) of every bead of an alignment (local indices, in align()'s order): the
 * calibrated forward–backward posterior (CONF_FEATURES); a bead without a posterior (see
 * alignmentPosteriors) gets the fallback calibration from its shape and match score alone
 * (FALLBACK_FEATURES). `scores`: the beads' match scores (0–100, null for gaps).
 */
export function alignmentConfidences(
  scorer: DocScorer,
  beads: ListBead[],
  scores: (number | null)[],
  params: ConfidenceParams = CONFIDENCE_PARAMS,
): Float64Array {
  const { logOdds } = alignmentPosteriors(scorer, beads, [params.temperature], { margin: params.margin, localMargin: params.localMargin });
  scorer.rememberGains?.(null); // the last stage that looks at the search's gains
  const p = logOdds[0];
  return Float64Array.from(beads, (b, q) =>
    Number.isNaN(p[q]) ? calibrated(fallbackFeatures(b, scores[q]), params.fallback) : calibrated(confFeatures(p[q], b, scores[q]), params.cal),
  );
}

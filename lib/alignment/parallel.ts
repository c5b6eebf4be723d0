/**
 * Parallel (monotonic) alignment, two-step like Bertalign:
 *  1. window: the whole lattice for small inputs; for large ones a corridor
 *     around confident 1-1 anchors (rare-word candidates + sentence similarity,
 *     best monotone chain by weighted LIS);
 *  2. DP with all bead shapes in that window → first-pass path;
 *  3. in-document learning (IBM-1 style EM) + length model refit from the path;
 *  4. DP again in a narrow band around the first path;
 *  5. gap post-pass (resolveGaps): sentences the search linked although they most likely have no
 *     counterpart become gaps, and the search re-aligns their neighbours.
 */
import type { CellGains, DocScorer } from "../scoring/types";
import {
  cellGainsFromBeads,
  DEFAULT_DP,
  fullWindow,
  normalizeWindow,
  searchPath,
  simBeadGain,
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
  /**
   * split untranslated edge sentences out of merged beads (splitGaps; default GAP_PASS.enabled).
   * Only long sentences with no evidence whose removal does not worsen the length fit are split
   * (the loose form, minWeight 4 and no length condition, split legitimate merges on MAC-Dev:
   * clean F1 0.884 → 0.826).
   */
  gapPass?: boolean;
  /** the gap post-pass (resolveGaps; default GAP_POSTERIOR.enabled) */
  gapPosterior?: boolean;
  /** shapes of the first pass on large inputs (default FIRST_PASS_SHAPES) */
  firstPassShapes?: [number, number][];
  /** the anchors of a large input when the caller has found them already (findAnchors' result) */
  anchors?: Anchor[];
  /**
   * highest prior gap rate of the gap post-pass (default GAP_POSTERIOR.maxRate): a caller that
   * knows the text only partly corresponds (the island model) lets the document's own estimate count
   */
  gapMaxRate?: number;
  onProgress?: (done: number, total: number, stage: string) => void;
  signal?: AbortSignal;
}

export const FIRST_PASS_SHAPES: [number, number][] = [
  [1, 1], [1, 0], [0, 1], [1, 2], [2, 1], [1, 3], [3, 1], [2, 2],
];

export interface ParallelStats {
  anchors: number;
  windowCells: number;
  secondPassCells: number;
  learned: boolean;
  /** the gap post-pass: estimated share of sentences without counterpart, sentences made gaps */
  gapRate?: number;
  forcedGaps?: number;
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
    const list = scorer.candidatesForEn(j, ANCHOR_CANDIDATES);
    const a = anchorCandidate(list, (i) => (scorer.simPair ? scorer.simPair(i, j) : scorer.sim(i, i + 1, j, j + 1)), j);
    if (a) cands.push(a);
  }
  return chainAnchors(cands, scorer.nZh);
}

/** candidates per English sentence examined by findAnchors */
export const ANCHOR_CANDIDATES = 4;

/**
 * findAnchors' rule for one English sentence j: the best of its candidates (in candidatesForEn
 * order, the first of equals), when its similarity is ≥ 0.3 and ≥ 0.08 above the second best.
 */
export function anchorCandidate(list: ArrayLike<number>, simOf: (i: number, k: number) => number, j: number): Anchor | null {
  let best = -1;
  let bi = -1;
  let second = 0;
  for (let k = 0; k < list.length; k++) {
    const i = list[k];
    const s = simOf(i, k);
    if (s > best) {
      second = Math.max(second, best);
      best = s;
      bi = i;
    } else if (s > second) second = s;
  }
  return bi >= 0 && best >= 0.3 && best - second >= 0.08 ? { i: bi, j, w: best - 0.5 * second } : null;
}

/** The heaviest monotone chain (strict in i and j) of anchor candidates given in increasing j. */
export function chainAnchors(cands: Anchor[], nZ: number): Anchor[] {
  // weighted longest increasing chain (strict in i and j): j already increasing in order
  const n = cands.length;
  if (!n) return [];
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
    const anchors = opts.anchors ?? findAnchors(scorer, opts.signal);
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
  // one search; the bead value comes from the scorer (cellGains / beadGain) unless DP params are given
  const gains = (shapes: [number, number][]): CellGains =>
    !opts.dp && scorer.cellGains
      ? scorer.cellGains(shapes)
      : !opts.dp && scorer.beadGain
        ? cellGainsFromBeads(shapes, scorer.beadGain.bind(scorer))
        : cellGainsFromBeads(shapes, simBeadGain(scorer, dp));
  const large = (nZ + 1) * (nE + 1) > fullLimit;
  const search = (w: Window, stage: string, base: number, shapes = dp.shapes) =>
    searchPath(nZ, nE, w, shapes, gains(shapes), { tick: tick(stage, base), releaseBefore: scorer.releaseBefore?.bind(scorer) });
  // large inputs: the first pass only feeds the learning and the second pass's band, so it
  // searches the common shapes only (a rarer bead's end nodes still lie in the band around it)
  const firstShapes = large && opts.learn !== false && scorer.learn && !opts.dp ? (opts.firstPassShapes ?? FIRST_PASS_SHAPES) : dp.shapes;
  let beads = search(window, "first pass", 1, firstShapes);
  if (opts.learn !== false && scorer.learn) {
    progress?.(2, 4, "learning");
    scorer.learn(beads.map((b) => ({ zh: range(b.z0, b.z1), en: range(b.e0, b.e1) })));
    stats.learned = true;
    const w2 = windowAroundPath(beads, nZ, nE, opts.secondPassMargin ?? (large ? 3 : 6));
    stats.secondPassCells = windowSize(w2);
    // the gap post-pass and the confidence stage look at the band around the path again
    scorer.rememberGains?.(windowAroundPath(beads, nZ, nE, GAIN_MEMO_MARGIN), dp.shapes);
    beads = search(w2, "second pass", 2);
  }
  if (opts.gapPass ?? GAP_PASS.enabled) beads = splitGaps(scorer, beads);
  if (opts.gapPosterior ?? GAP_POSTERIOR.enabled) {
    progress?.(3, 4, "gaps");
    const r = resolveGaps(scorer, beads, dp.shapes, gains(dp.shapes), opts.signal, opts.gapMaxRate);
    beads = r.beads;
    stats.gapRate = r.rate;
    stats.forcedGaps = r.forced;
  }
  progress?.(4, 4, "done");
  return { beads, stats };
}

/** the second pass keeps its bead gains within this many sentences of the first pass's path (DocScorer.rememberGains) */
export const GAIN_MEMO_MARGIN = 1;

export const GAP_POSTERIOR = {
  /** a sentence is left without counterpart when its posterior probability of being a gap exceeds this */
  threshold: 0.35,
  /**
   * highest prior gap rate used (share of sentences): a document's own estimate can only lower it.
   * Loose translations inflate the estimate (weakly supported sentences look like gaps), so the
   * estimate serves to recognise documents without gaps; the cap is about the rate of the gap
   * model's fitting data (SCORE_PARAMS.gap.prior, printed by bench/fit-gaps.ts), where its odds
   * are calibrated — keep the two in step when refitting.
   */
  maxRate: 0.0117,
  /** rounds of evidence → forced gaps → re-search */
  rounds: 2,
  /** the re-search covers this many beads on each side of a bead holding a new gap */
  span: 2,
  enabled: true,
};

export interface GapResolution {
  beads: RangeBead[];
  /** the document's estimated share of sentences without counterpart (before the cap) */
  rate: number;
  /** sentences turned into gaps */
  forced: number;
}

/**
 * The document's gap rate by EM over a two-class mixture: sentences already in gap beads count as
 * gaps, each sentence of a link bead is a gap with posterior π·LR / (π·LR + 1 − π), where LR is
 * its gap evidence (likelihood ratio gap : belongs).
 */
export function estimateGapRate(logLr: ArrayLike<number>, gapSentences: number): number {
  const n = logLr.length + gapSentences;
  if (n === 0) return 0;
  const lr = Float64Array.from(logLr, (x) => Math.exp(Math.max(-30, Math.min(30, x))));
  let pi = 0.01;
  for (let it = 0; it < 100; it++) {
    let sum = gapSentences;
    for (let q = 0; q < lr.length; q++) sum += (pi * lr[q]) / (pi * lr[q] + 1 - pi);
    const next = sum / n;
    const done = Math.abs(next - pi) < 1e-7;
    pi = next;
    if (done) break;
  }
  return pi;
}

/**
 * Gains of a search in which the sentences marked in `forced` can only be gap beads. The search
 * runs on the sub-lattice starting at sentences (z0, e0): its node (i, j) is (z0 + i, e0 + j).
 */
export function forceGaps(
  shapes: [number, number][],
  inner: CellGains,
  forced: { zh: Uint8Array; en: Uint8Array },
  z0 = 0,
  e0 = 0,
): CellGains {
  return (i, j, prev, out) => {
    const I = i + z0;
    const J = j + e0;
    for (let s = 0; s < shapes.length; s++) {
      const [a, b] = shapes[s];
      if (a === 0 || b === 0 || prev[s] === -Infinity) continue;
      let hit = false;
      for (let q = I - a; q < I && !hit; q++) hit = forced.zh[q] === 1;
      for (let q = J - b; q < J && !hit; q++) hit = forced.en[q] === 1;
      // before the inner gains: a bead it must not take is not a competitor of its pruning bound
      if (hit) prev[s] = -Infinity;
    }
    inner(I, J, prev, out);
  };
}

/**
 * Gap post-pass ("matches must be confident, never forced"): the search links a sentence without
 * counterpart to a neighbour whenever that costs less than a gap, and its bead weights were
 * fitted on gold with very few gaps. Here each sentence of a link bead gets the scorer's gap
 * evidence; the document's gap rate is estimated from the same evidence (EM, capped at
 * GAP_POSTERIOR.maxRate); sentences whose posterior of having no counterpart exceeds the
 * threshold become gaps, and the search runs again over the beads around them (`span` beads on
 * each side, between two nodes of the path) with these sentences forced to be gaps, so that
 * their neighbours are re-aligned. `gains` gives the search's bead gains (absolute indices).
 */
export function resolveGaps(
  scorer: DocScorer,
  beads: RangeBead[],
  shapes: [number, number][],
  gains: CellGains,
  signal?: AbortSignal,
  maxRate = GAP_POSTERIOR.maxRate,
): GapResolution {
  if (!scorer.gapEvidence) return { beads, rate: 0, forced: 0 };
  const evidence = scorer.gapEvidence.bind(scorer);
  const isLink = (b: RangeBead) => b.z1 > b.z0 && b.e1 > b.e0;
  const none = new Float64Array(0);
  const forced = { zh: new Uint8Array(scorer.nZh), en: new Uint8Array(scorer.nEn) };
  const thresholdLogOdds = Math.log(GAP_POSTERIOR.threshold / (1 - GAP_POSTERIOR.threshold));
  let total = 0;
  let rate = 0;
  let priorLogOdds = 0;
  // sentences sharing their side with others (m-n beads): the parallel cap (a block without
  // counterpart leaves whole beads, not single sentences of a bead, without one)
  let sharedLogOdds = 0;
  // beads to look at: all of them first, then the beads each re-search made (the evidence is a
  // bead's own, so a bead left as it was cannot hold a new gap)
  let fresh: Uint8Array | null = null;
  for (let round = 0; round < GAP_POSTERIOR.rounds; round++) {
    const llr = beads.map((b, k) => {
      if ((k & 255) === 0) {
        checkAbort(signal);
        // the evidence reads pairs of the bead only: free the rows behind it
        if (b.z0 > 64) scorer.releaseBefore?.(b.z0 - 32);
      }
      return isLink(b) && (!fresh || fresh[k]) ? evidence(b) : none;
    });
    scorer.releaseBefore?.(Infinity);
    if (round === 0) {
      // the document's rate, once, on the search's own output
      let gapSentences = 0;
      let n = 0;
      for (const e of llr) n += e.length;
      const all = new Float64Array(n);
      n = 0;
      beads.forEach((b, k) => {
        if (!isLink(b)) gapSentences++;
        all.set(llr[k], n);
        n += llr[k].length;
      });
      rate = estimateGapRate(all, gapSentences);
      const prior = Math.max(1e-4, Math.min(rate, maxRate));
      priorLogOdds = Math.log(prior / (1 - prior));
      const shared = Math.max(1e-4, Math.min(rate, GAP_POSTERIOR.maxRate));
      sharedLogOdds = Math.log(shared / (1 - shared));
    }
    // sentences to force, and the regions (bead index ranges) to search again
    const regions: [number, number][] = [];
    beads.forEach((b, k) => {
      const e = llr[k];
      let hit = false;
      for (let q = 0; q < e.length; q++) {
        const zh = q < b.z1 - b.z0;
        const alone = zh ? b.z1 - b.z0 === 1 : b.e1 - b.e0 === 1;
        if ((alone ? priorLogOdds : sharedLogOdds) + e[q] <= thresholdLogOdds) continue;
        const f = zh ? forced.zh : forced.en;
        const x = zh ? b.z0 + q : b.e0 + q - (b.z1 - b.z0);
        if (f[x]) continue;
        f[x] = 1;
        hit = true;
        total++;
      }
      if (!hit) return;
      const r0 = Math.max(0, k - GAP_POSTERIOR.span);
      const r1 = Math.min(beads.length, k + GAP_POSTERIOR.span + 1);
      const last = regions[regions.length - 1];
      if (last && r0 <= last[1]) last[1] = Math.max(last[1], r1);
      else regions.push([r0, r1]);
    });
    if (!regions.length) break;
    const out: RangeBead[] = [];
    const made: number[] = [];
    let done = 0;
    for (const [r0, r1] of regions) {
      checkAbort(signal);
      while (done < r0) out.push(beads[done++]);
      const z0 = beads[r0].z0;
      const e0 = beads[r0].e0;
      const nz = beads[r1 - 1].z1 - z0;
      const ne = beads[r1 - 1].e1 - e0;
      const sub = searchPath(nz, ne, fullWindow(nz, ne), shapes, forceGaps(shapes, gains, forced, z0, e0));
      for (const b of sub) {
        made.push(out.length);
        out.push({ z0: b.z0 + z0, z1: b.z1 + z0, e0: b.e0 + e0, e1: b.e1 + e0 });
      }
      done = r1;
    }
    while (done < beads.length) out.push(beads[done++]);
    beads = out;
    fresh = new Uint8Array(beads.length);
    for (const k of made) fresh[k] = 1;
  }
  return { beads, rate, forced: total };
}

export const GAP_PASS = {
  /** the sentence's own share explained by the other side is at most this */
  maxOwn: 0.05,
  /** the other side loses at most this much coverage without the sentence */
  maxLoss: 0.02,
  /**
   * minimum content weight of the sentence: only long, informative sentences (≈ 12+ content words)
   * — short ones without evidence are often free renderings on literary text (MAC-Dev)
   */
  minWeight: 25,
  /** the remaining bead's length log-likelihood must not get worse than this without the sentence */
  minLenGain: 0,
  enabled: true,
};

/**
 * Gap post-pass: the bead weights are fitted on gold with very few gaps, so the search merges an
 * untranslated sentence into a neighbouring bead. A sentence at the edge of a merged side whose
 * own content is (almost) unexplained by the other side, while the rest of its side explains the
 * other side as well as with it, is split out as a gap bead (monotonic order kept).
 */
export function splitGaps(scorer: DocScorer, beads: RangeBead[]): RangeBead[] {
  const cov = scorer.coverages?.bind(scorer);
  if (!cov) return beads;
  const out: RangeBead[] = [];
  for (const b0 of beads) {
    let b = { ...b0 };
    const tail: RangeBead[] = [];
    for (let guard = 0; guard < 4; guard++) {
      const a = b.z1 - b.z0;
      const n = b.e1 - b.e0;
      if (a === 0 || n === 0 || (a < 2 && n < 2)) break;
      const Z = range(b.z0, b.z1);
      const E = range(b.e0, b.e1);
      const full = cov(Z, E);
      let done = false;
      // candidates: first/last zh sentence (when ≥2 zh), first/last en sentence (when ≥2 en)
      const tries: [side: "zh" | "en", k: number, first: boolean][] = [];
      if (a >= 2) tries.push(["zh", b.z0, true], ["zh", b.z1 - 1, false]);
      if (n >= 2) tries.push(["en", b.e0, true], ["en", b.e1 - 1, false]);
      for (const [side, k, first] of tries) {
        const w = side === "zh" ? scorer.zhWeight(k) : scorer.enWeight(k);
        if (w < GAP_PASS.minWeight) continue;
        const own = side === "zh" ? cov([k], E).cz : cov(Z, [k]).ce;
        if (own > GAP_PASS.maxOwn) continue;
        const rest = side === "zh" ? cov(Z.filter((x) => x !== k), E).ce : cov(Z, E.filter((x) => x !== k)).cz;
        const before = side === "zh" ? full.ce : full.cz;
        if (rest < before - GAP_PASS.maxLoss) continue;
        const lp0 = scorer.lengthPenalty(b.z0, b.z1, b.e0, b.e1);
        const lp1 =
          side === "zh"
            ? scorer.lengthPenalty(first ? b.z0 + 1 : b.z0, first ? b.z1 : b.z1 - 1, b.e0, b.e1)
            : scorer.lengthPenalty(b.z0, b.z1, first ? b.e0 + 1 : b.e0, first ? b.e1 : b.e1 - 1);
        if (lp1 < lp0 + GAP_PASS.minLenGain) continue;
        const gap: RangeBead = side === "zh" ? { z0: k, z1: k + 1, e0: first ? b.e0 : b.e1, e1: first ? b.e0 : b.e1 } : { z0: first ? b.z0 : b.z1, z1: first ? b.z0 : b.z1, e0: k, e1: k + 1 };
        if (first) {
          out.push(gap);
          b = side === "zh" ? { ...b, z0: b.z0 + 1 } : { ...b, e0: b.e0 + 1 };
        } else {
          tail.unshift(gap);
          b = side === "zh" ? { ...b, z1: b.z1 - 1 } : { ...b, e1: b.e1 - 1 };
        }
        done = true;
        break;
      }
      if (!done) break;
    }
    out.push(b, ...tail);
  }
  return out;
}

export function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let k = a; k < b; k++) out.push(k);
  return out;
}

/**
 * The island model: one alignment for parallel and comparable text.
 *
 *  1. anchors: for every English sentence the best of its candidate Chinese sentences (rare shared
 *     evidence, scorer.candidatesForEn) by sentence similarity, when it is clearly the best, and the
 *     English sentence is also the best one of that Chinese sentence (mutual best);
 *  2. islands: anchors chained into near-diagonal runs (consecutive anchors a few sentences apart
 *     on both sides); non-overlapping runs are chosen, heaviest first. Islands may be out of order
 *     with respect to each other (blocks that moved);
 *  3. the English text is cut into one segment per island (the island's sentences and the free ones
 *     around it) and the segments are put in the Chinese order of their islands; the monotonic
 *     search (alignParallel, with its gap beads and gap post-pass) aligns the Chinese text with the
 *     reordered English, beads never crossing a segment boundary. Clean parallel text gives its
 *     islands in order: the reordering is the identity and the result exactly alignParallel's;
 *  4. guard: a link is trusted inside an island or between two islands that follow each other on
 *     both sides (and from a text's start or to its end when the first / last island is near it);
 *     elsewhere a link stands only on its own evidence (a calibrated score above ISLAND_PARAMS.
 *     guardScore), so sentences without a counterpart stay gaps wherever the evidence is missing.
 *  5. non-contiguous beads: a sentence left without counterpart that the other side of a bead
 *     explains confidently (two rare words, or almost fully) joins that bead.
 *  (before 5) sandwiches: unlinked runs on both sides between two links that follow each other on
 *     both sides are aligned again as parallel text, without the gap bonus (sandwich.ts).
 */
import type { BeadRange, BeadScore, CellGains, DocScorer } from "../scoring/types";
import { alignComparable, chooseMode, confident } from "./comparable";
import { fillSandwiches } from "./sandwich";
import { alignParallel, ANCHOR_CANDIDATES, GAP_POSTERIOR, anchorCandidate, chainAnchors, range, type Anchor, type ParallelOptions, type ParallelStats } from "./parallel";

export const ISLAND_PARAMS = {
  /** candidates per English sentence on small inputs (large ones: findAnchors' ANCHOR_CANDIDATES) */
  candidates: 8,
  /** lattice size above which the candidates are findAnchors' (shared with alignParallel) */
  smallLimit: 400_000,
  /** an anchor: similarity at least this, this much above the second best, mutual best */
  minSim: 0.25,
  minMargin: 0.05,
  /** consecutive anchors of an island are at most this many sentences apart on each side */
  maxStep: 15,
  /** without an island of this many anchors the texts are short or only touch here and there */
  runAnchors: 3,
  /** between texts without such a run, an anchor stands when its similarity is this (or it is confident) */
  sparseSim: 0.4,
  /** an island needs this many anchors, or one anchor of at least strongSingle similarity */
  minAnchors: 2,
  strongSingle: 0.45,
  /** the same among the sentences an earlier pass left without counterpart */
  nestedStrongSingle: 0.3,
  /** an island out of the main order (a moved block) needs this many anchors (first pass) */
  movedAnchors: 2,
  /** a stretch between islands this short (sentences on each side) may be parallel text */
  shortStretch: 3,
  /** a longer one when its length log-density (lengthPenalty) is at least this */
  minStretchLength: -1.5,
  /** in-order islands whose zones leave at most this share of the sentences outside: parallel text */
  wholeSlack: 0.04,
  /** links in stretches between islands (text start, end) need at least this calibrated score */
  stretchScore: 15,
  /** links elsewhere outside the islands need at least this calibrated score */
  guardScore: 30,
  /** the same in the passes over the sentences left without counterpart */
  nestedGuardScore: 101,
  /** the gap post-pass may use the document's own gap rate up to this (reordered texts) */
  gapMaxRate: 0.3,
  /** bonus of a gap sentence in the search when the text has parts without counterpart */
  gapBonus: 6,
  /** runs of this many gap sentences are kept as gaps in a second search with runGapBonus (0: off) */
  gapRun: 3,
  runGapBonus: 4,
  /** extra gap bonus in the passes over the sentences left without counterpart */
  nestedGapBonus: 3,
  /** find the islands again after the first pass's in-document learning */
  reanchor: true,
  /** passes over the sentences left without counterpart */
  rounds: 2,
  /** lone weak links in texts with gaps become gaps (dropIsolated) */
  dropIsolated: true,
  /** non-contiguous beads (step 5) */
  grow: true,
  /** unlinked runs on both sides between two consecutive links aligned again as parallel text (sandwich.ts) */
  sandwich: true,
};

export interface Island {
  /** anchor extents: Chinese [z0, z1), English [e0, e1) */
  z0: number;
  z1: number;
  e0: number;
  e1: number;
  anchors: Anchor[];
  weight: number;
}

export interface IslandResult {
  beads: { zh: number[]; en: number[] }[];
  /** the English reading order was changed (blocks moved): the result is not monotonic */
  reordered: boolean;
  islands: Island[];
  stats: ParallelStats & { islands: number; guarded: number; grown: number };
  reason: string;
  /** the English order the search used (position → sentence), when reordered */
  enOrder?: Int32Array;
}

function checkAbort(signal?: AbortSignal) {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error("aborted");
}

/** Candidate Chinese sentences of every English sentence (candidatesForEn order) and their similarity. */
export function candidateTable(scorer: DocScorer, K: number, signal?: AbortSignal, allPairs = false) {
  const nE = scorer.nEn;
  const ci = new Int32Array(nE * K).fill(-1);
  const cs = new Float64Array(nE * K);
  const simOf = scorer.simPair ? scorer.simPair.bind(scorer) : (i: number, j: number) => scorer.sim(i, i + 1, j, j + 1);
  const every = Array.from({ length: scorer.nZh }, (_, i) => i);
  for (let j = 0; j < nE; j++) {
    if ((j & 1023) === 0) checkAbort(signal);
    // all pairs (small views): the K most similar; else the scorer's candidates
    const list = allPairs
      ? every
          .map((i) => [i, simOf(i, j)] as const)
          .filter((x) => x[1] > 0)
          .sort((x, y) => y[1] - x[1] || x[0] - y[0])
          .slice(0, K)
          .map((x) => x[0])
      : scorer.candidatesForEn(j, K);
    for (let k = 0; k < list.length && k < K; k++) {
      ci[j * K + k] = list[k];
      cs[j * K + k] = simOf(list[k], j);
    }
  }
  return { ci, cs, K };
}

/** Mutual-best anchors anywhere in the lattice (increasing j). */
export function islandAnchors(t: ReturnType<typeof candidateTable>, nZ: number, nE: number): Anchor[] {
  const { ci, cs, K } = t;
  const bestZ = new Float64Array(nZ);
  for (let q = 0; q < ci.length; q++) if (ci[q] >= 0 && cs[q] > bestZ[ci[q]]) bestZ[ci[q]] = cs[q];
  const out: Anchor[] = [];
  for (let j = 0; j < nE; j++) {
    let s1 = 0;
    let s2 = 0;
    let bi = -1;
    for (let k = 0; k < K; k++) {
      const i = ci[j * K + k];
      if (i < 0) break;
      const s = cs[j * K + k];
      if (s > s1) {
        s2 = s1;
        s1 = s;
        bi = i;
      } else if (s > s2) s2 = s;
    }
    if (bi < 0 || s1 < ISLAND_PARAMS.minSim || s1 - s2 < ISLAND_PARAMS.minMargin || s1 < bestZ[bi]) continue;
    out.push({ i: bi, j, w: s1 - 0.5 * s2 });
  }
  return out;
}

/** Chain anchors (increasing j) into near-diagonal runs; the runs, heaviest first. */
export function chainIslands(anchors: Anchor[], stepOk: (z0: number, z1: number, e0: number, e1: number) => boolean = () => true): Island[] {
  const n = anchors.length;
  const G = ISLAND_PARAMS.maxStep;
  const score = new Float64Array(n);
  const prev = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    const a = anchors[k];
    let best = 0;
    let bp = -1;
    // a step never jumps over an anchor lying between its two ends on both sides: when that
    // anchor cannot continue the run, the run ends there (e.g. a block missing on one side)
    let frontier = -1;
    for (let p = k - 1; p >= 0 && a.j - anchors[p].j <= G; p--) {
      const b = anchors[p];
      const di = a.i - b.i;
      const dj = a.j - b.j;
      if (di <= 0) continue;
      const covered = b.i <= frontier;
      frontier = Math.max(frontier, b.i);
      if (covered || di > G || dj <= 0) continue;
      // near the diagonal: the two steps agree up to a few sentences
      if (Math.abs(di - dj) > 2 + 0.5 * Math.min(di, dj)) continue;
      const v = score[p] - 0.01 * (di + dj - 2);
      // and the stretch between them may be parallel text (a block missing on one side breaks it)
      if (v > best && stepOk(b.i + 1, a.i, b.j + 1, a.j)) {
        best = v;
        bp = p;
      }
    }
    score[k] = a.w + best;
    prev[k] = bp;
  }
  const order = Array.from({ length: n }, (_, k) => k).sort((x, y) => score[y] - score[x]);
  const used = new Uint8Array(n);
  const out: Island[] = [];
  for (const k of order) {
    if (used[k]) continue;
    const chain: Anchor[] = [];
    for (let p = k; p >= 0 && !used[p]; p = prev[p]) {
      used[p] = 1;
      chain.push(anchors[p]);
    }
    chain.reverse();
    out.push({
      z0: Math.min(...chain.map((a) => a.i)),
      z1: Math.max(...chain.map((a) => a.i)) + 1,
      e0: chain[0].j,
      e1: chain[chain.length - 1].j + 1,
      anchors: chain,
      weight: chain.reduce((s, a) => s + a.w, 0),
    });
  }
  return out.sort((a, b) => b.weight - a.weight);
}

/** Non-overlapping islands (heaviest first; an island overlapping a chosen one on either side is dropped). */
export function chooseIslands(cands: Island[], strongSingle = ISLAND_PARAMS.strongSingle): Island[] {
  const chosen: Island[] = [];
  for (const c of cands) {
    const strong = c.anchors.length >= ISLAND_PARAMS.minAnchors || c.anchors.some((a) => a.w >= strongSingle);
    if (!strong) continue;
    if (chosen.some((o) => c.z0 < o.z1 && o.z0 < c.z1)) continue;
    if (chosen.some((o) => c.e0 < o.e1 && o.e0 < c.e1)) continue;
    chosen.push(c);
  }
  return chosen;
}

/**
 * Islands out of the main order (off the heaviest chain of islands in order on both sides) are
 * moved blocks only with at least ISLAND_PARAMS.movedAnchors anchors: one strong match out of
 * place is more often a repeated sentence (formulas, refrains) than a moved block.
 */
export function withoutLoneMoves(islands: Island[]): Island[] {
  const byZ = [...islands].sort((a, b) => a.z0 - b.z0);
  const n = byZ.length;
  const best = new Float64Array(n);
  const prev = new Int32Array(n).fill(-1);
  // heaviest chain increasing in e0 (islands overlap on neither side, so z0 order is theirs)
  for (let k = 0; k < n; k++) {
    best[k] = byZ[k].anchors.length;
    for (let q = 0; q < k; q++)
      if (byZ[q].e0 < byZ[k].e0 && best[q] + byZ[k].anchors.length > best[k]) {
        best[k] = best[q] + byZ[k].anchors.length;
        prev[k] = q;
      }
  }
  let end = -1;
  for (let k = 0; k < n; k++) if (end < 0 || best[k] > best[end]) end = k;
  const main = new Set<Island>();
  for (let k = end; k >= 0; k = prev[k]) main.add(byZ[k]);
  return islands.filter((x) => main.has(x) || x.anchors.length >= ISLAND_PARAMS.movedAnchors);
}

/**
 * A DocScorer over a part of a document, each side in a given order: position p of the Chinese
 * side is sentence zhOrder[p] of the document, position q of the English side enOrder[q]. A side
 * is cut into segments (runs of consecutive sentences of the document, e.g. the English of one
 * island, or the sentences left unaligned between two aligned ones); a bead never spans two
 * segments, so every bead the search builds is contiguous in the document. Gap beads may get a
 * bonus (per sentence): the text is known to have parts without counterpart.
 */
export class DocView implements DocScorer {
  readonly nZh: number;
  readonly nEn: number;
  private readonly zSeg: Int32Array;
  private readonly eSeg: Int32Array;
  private readonly zInv: Map<number, number> | null;
  constructor(
    private readonly base: DocScorer,
    readonly zhOrder: Int32Array,
    zhSegment: Int32Array,
    readonly enOrder: Int32Array,
    enSegment: Int32Array,
    private readonly gapBonus = 0,
    /** zones (document indices) where the text is taken as parallel: no gap bonus there */
    trusted: BeadRange[] = [],
    /** positions that can only be gaps */
    private readonly forced: { zh: Uint8Array; en: Uint8Array } | null = null,
  ) {
    this.nZh = zhOrder.length;
    this.docZhCount = base.nZh;
    if (trusted.length) {
      this.tLo = new Int32Array(base.nZh).fill(-1);
      this.tHi = new Int32Array(base.nZh).fill(-1);
      for (const t of trusted)
        for (let r = t.z0; r < t.z1; r++) {
          this.tLo[r] = this.tLo[r] < 0 ? t.e0 : Math.min(this.tLo[r], t.e0);
          this.tHi[r] = Math.max(this.tHi[r], t.e1);
        }
    }
    this.nEn = enOrder.length;
    this.zSeg = segStarts(zhSegment);
    this.eSeg = segStarts(enSegment);
    const identity = zhOrder.length === base.nZh && zhOrder.every((x, k) => x === k);
    this.zInv = identity ? null : new Map(Array.from(zhOrder, (x, k) => [x, k]));
  }
  /** a whole document with its English in another order */
  static reordered(
    base: DocScorer,
    enOrder: Int32Array,
    enSegment: Int32Array,
    gapBonus = 0,
    trusted: BeadRange[] = [],
    forced: { zh: Uint8Array; en: Uint8Array } | null = null,
  ): DocView {
    const z = Int32Array.from({ length: base.nZh }, (_, k) => k);
    return new DocView(base, z, new Int32Array(base.nZh), enOrder, enSegment, gapBonus, trusted, forced);
  }
  private touchesForced(z0: number, z1: number, e0: number, e1: number): boolean {
    const f = this.forced;
    if (!f || z1 === z0 || e1 === e0) return false;
    for (let q = z0; q < z1; q++) if (f.zh[q]) return true;
    for (let q = e0; q < e1; q++) if (f.en[q]) return true;
    return false;
  }
  private readonly docZhCount: number;
  private readonly tLo: Int32Array | null = null;
  private readonly tHi: Int32Array | null = null;
  /** the bonus of a gap sentence at document row r, column c (sentence r or c) */
  private bonusAt(r: number, c: number): number {
    if (!this.tLo) return this.gapBonus;
    const rr = Math.max(0, Math.min(this.docZhCount - 1, r));
    return this.tLo[rr] >= 0 && c >= this.tLo[rr] && c <= this.tHi![rr] ? 0 : this.gapBonus;
  }
  /** the document's node of the view's node (the node after position p − 1) */
  private zCol(p: number): number {
    return p > 0 ? this.zhOrder[p - 1] + 1 : this.nZh ? this.zhOrder[0] : 0;
  }
  private eCol(p: number): number {
    return p > 0 ? this.enOrder[p - 1] + 1 : this.nEn ? this.enOrder[0] : 0;
  }
  private zFrom(z0: number, z1: number): number {
    return z1 > z0 ? this.zhOrder[z0] : this.zCol(z0);
  }
  private eFrom(e0: number, e1: number): number {
    return e1 > e0 ? this.enOrder[e0] : this.eCol(e0);
  }
  private inOne(z0: number, z1: number, e0: number, e1: number): boolean {
    return (z1 <= z0 || this.zSeg[z1 - 1] <= z0) && (e1 <= e0 || this.eSeg[e1 - 1] <= e0);
  }
  sim(z0: number, z1: number, e0: number, e1: number): number {
    if (!this.inOne(z0, z1, e0, e1)) return 0;
    const z = this.zhOrder[z0];
    const e = this.enOrder[e0];
    return this.base.sim(z, z + (z1 - z0), e, e + (e1 - e0));
  }
  simPair(i: number, j: number): number {
    const z = this.zhOrder[i];
    const e = this.enOrder[j];
    return this.base.simPair ? this.base.simPair(z, e) : this.base.sim(z, z + 1, e, e + 1);
  }
  lengthPenalty(z0: number, z1: number, e0: number, e1: number): number {
    if (!this.inOne(z0, z1, e0, e1)) return -50;
    const z = this.zFrom(z0, z1);
    const e = this.eFrom(e0, e1);
    return this.base.lengthPenalty(z, z + (z1 - z0), e, e + (e1 - e0));
  }
  beadGain(z0: number, z1: number, e0: number, e1: number): number {
    if (!this.inOne(z0, z1, e0, e1) || this.touchesForced(z0, z1, e0, e1)) return -Infinity;
    if (!this.base.beadGain) throw new Error("DocView.beadGain: the base scorer has none");
    const z = this.zFrom(z0, z1);
    const e = this.eFrom(e0, e1);
    let bonus = 0;
    if (e1 === e0) for (let q = z; q < z + (z1 - z0); q++) bonus += this.bonusAt(q, e);
    else if (z1 === z0) for (let q = e; q < e + (e1 - e0); q++) bonus += this.bonusAt(z, q);
    return this.base.beadGain(z, z + (z1 - z0), e, e + (e1 - e0)) + bonus;
  }
  get cellGains(): ((shapes: [number, number][]) => CellGains) | undefined {
    const base = this.base;
    if (!base.cellGains) return undefined;
    return (shapes) => {
      const inner = base.cellGains!(shapes);
      const sa = Int32Array.from(shapes, (s) => s[0]);
      const sb = Int32Array.from(shapes, (s) => s[1]);
      const gapSize = Int32Array.from(shapes, (s) => (s[0] === 0 || s[1] === 0 ? s[0] + s[1] : 0));
      const bonus = this.gapBonus;
      const gz = Int32Array.from(shapes, (s) => s[0]);
      return (i, j, prev, out) => {
        // a bead ending at (i, j) must start in the segments of positions i − 1 and j − 1
        const zs = i > 0 ? this.zSeg[i - 1] : 0;
        const es = j > 0 ? this.eSeg[j - 1] : 0;
        for (let s = 0; s < sa.length; s++) {
          if ((sa[s] > 0 && i - sa[s] < zs) || (sb[s] > 0 && j - sb[s] < es)) prev[s] = -Infinity;
          // before the inner gains: a bead the search must not take is no competitor of its pruning bound
          else if (this.forced && prev[s] !== -Infinity && this.touchesForced(i - sa[s], i, j - sb[s], j)) prev[s] = -Infinity;
        }
        const I = this.zCol(i);
        const J = this.eCol(j);
        inner(I, J, prev, out);
        // a bonus on gap beads only raises values the inner pruning compared against: still exact
        if (bonus !== 0)
          for (let s = 0; s < sa.length; s++) {
            if (gapSize[s] === 0 || prev[s] === -Infinity) continue;
            let b = 0;
            if (gz[s] > 0) for (let q = 1; q <= gz[s]; q++) b += this.bonusAt(I - q, J);
            else for (let q = 1; q <= gapSize[s]; q++) b += this.bonusAt(I, J - q);
            out[s] += b;
          }
      };
    };
  }
  zhWeight(i: number): number {
    return this.base.zhWeight(this.zhOrder[i]);
  }
  enWeight(j: number): number {
    return this.base.enWeight(this.enOrder[j]);
  }
  candidatesForEn(j: number, limit: number): number[] {
    const inv = this.zInv;
    if (!inv) return this.base.candidatesForEn(this.enOrder[j], limit);
    const out: number[] = [];
    for (const i of this.base.candidatesForEn(this.enOrder[j], limit * 4)) {
      const p = inv.get(i);
      if (p !== undefined && out.length < limit) out.push(p);
    }
    return out;
  }
  coverages(zh: number[], en: number[]): { cz: number; ce: number } {
    if (!this.base.coverages) return { cz: 0, ce: 0 };
    return this.base.coverages(this.docZh(zh), this.docEn(en));
  }
  gapEvidence(b: BeadRange): Float64Array {
    if (!this.base.gapEvidence) return new Float64Array(0);
    const z = this.zFrom(b.z0, b.z1);
    const e = this.eFrom(b.e0, b.e1);
    return this.base.gapEvidence({ z0: z, z1: z + (b.z1 - b.z0), e0: e, e1: e + (b.e1 - b.e0) });
  }
  score(zh: number[], en: number[]): BeadScore {
    return this.base.score(this.docZh(zh), this.docEn(en));
  }
  releaseBefore(i: number): void {
    this.base.releaseBefore?.(i >= this.nZh ? Infinity : this.zhOrder[i]);
  }
  get learn(): ((beads: { zh: number[]; en: number[] }[]) => void) | undefined {
    const base = this.base;
    if (!base.learn) return undefined;
    return (beads) => base.learn!(beads.map((b) => ({ zh: this.docZh(b.zh), en: this.docEn(b.en) })));
  }
  docZh(zh: number[]): number[] {
    return zh.map((p) => this.zhOrder[p]);
  }
  docEn(en: number[]): number[] {
    return en.map((p) => this.enOrder[p]);
  }
}

/** for each position, the first position of its segment */
function segStarts(segment: Int32Array): Int32Array {
  const out = new Int32Array(segment.length);
  for (let p = 0; p < segment.length; p++) out[p] = p > 0 && segment[p] === segment[p - 1] ? out[p - 1] : p;
  return out;
}

/** Segments of an increasing list of sentences: runs of consecutive ones. */
export function runsOf(order: Int32Array): Int32Array {
  const seg = new Int32Array(order.length);
  for (let p = 1; p < order.length; p++) seg[p] = seg[p - 1] + (order[p] === order[p - 1] + 1 ? 0 : 1);
  return seg;
}

/** Where to cut the free English sentences [a, b) between island A (before) and island B (after). */
function cutPoint(scorer: DocScorer, A: Island, B: Island, a: number, b: number): number {
  if (b <= a) return a;
  const w = b - a + 3;
  const simOf = (i: number, j: number) => (scorer.simPair ? scorer.simPair(i, j) : scorer.sim(i, i + 1, j, j + 1));
  const after = new Float64Array(b - a);
  const before = new Float64Array(b - a);
  for (let j = a; j < b; j++) {
    for (let i = A.z1; i < Math.min(scorer.nZh, A.z1 + w); i++) after[j - a] = Math.max(after[j - a], simOf(i, j));
    for (let i = Math.max(0, B.z0 - w); i < B.z0; i++) before[j - a] = Math.max(before[j - a], simOf(i, j));
  }
  // x maximises Σ_{j<x} after + Σ_{j≥x} before; ties: the middle one of the best cut points
  const val = new Float64Array(b - a + 1);
  for (let q = 0; q < b - a; q++) val[0] += before[q];
  for (let x = 1; x <= b - a; x++) val[x] = val[x - 1] + after[x - 1] - before[x - 1];
  let best = -Infinity;
  for (const v of val) best = Math.max(best, v);
  const ties: number[] = [];
  val.forEach((v, x) => {
    if (v >= best - 1e-9) ties.push(x);
  });
  return a + ties[ties.length >> 1];
}

export interface IslandOptions extends ParallelOptions {
  /** comparable mode requested: without islands nothing is trusted (auto: a plausible whole text is) */
  comparable?: boolean;
  /** the sentences' texts (titles of comparable texts) */
  texts?: { zh: string[]; en: string[] };
}

type Links = { zh: number[]; en: number[] }[];

interface PassResult {
  beads: Links;
  islands: Island[];
  reordered: boolean;
  whole: boolean;
  stats: ParallelStats;
  guarded: number;
  enOrder?: Int32Array;
}

/**
 * One pass of the model over a document or a view of one: islands, reordering, the monotonic
 * search, the guard. `nested`: a view of the sentences an earlier pass left unaligned (no text
 * start or end there, nothing trusted but islands and the stretches between them).
 */
interface Found {
  anchors: Anchor[];
  islands: Island[];
  /** findAnchors' anchors (large inputs), for alignParallel */
  parallelAnchors?: Anchor[];
}

/** Anchors and islands of a document or view. */
function findIslands(scorer: DocScorer, opts: IslandOptions & { nested?: boolean }): Found {
  const nZ = scorer.nZh;
  const nE = scorer.nEn;
  const large = (nZ + 1) * (nE + 1) > ISLAND_PARAMS.smallLimit;
  const table = opts.nested && !large
    ? candidateTable(scorer, ISLAND_PARAMS.candidates, opts.signal, true)
    : candidateTable(scorer, large ? ANCHOR_CANDIDATES : ISLAND_PARAMS.candidates, opts.signal);
  // findAnchors' anchors from the same candidates (its first ANCHOR_CANDIDATES of each list)
  let parallelAnchors: Anchor[] | undefined;
  if (large && !opts.nested) {
    const cands: Anchor[] = [];
    const K = table.K;
    for (let j = 0; j < nE; j++) {
      let n = 0;
      while (n < Math.min(K, ANCHOR_CANDIDATES) && table.ci[j * K + n] >= 0) n++;
      const a = anchorCandidate(table.ci.subarray(j * K, j * K + n), (_i, k) => table.cs[j * K + k], j);
      if (a) cands.push(a);
    }
    parallelAnchors = chainAnchors(cands, nZ);
  }
  const anchors = islandAnchors(table, nZ, nE);
  const chosen = chooseIslands(chainIslands(anchors, (z0, z1, e0, e1) => plausible(scorer, z0, z1, e0, e1)), opts.nested ? ISLAND_PARAMS.nestedStrongSingle : ISLAND_PARAMS.strongSingle);
  return { anchors, islands: opts.nested ? chosen : withoutLoneMoves(chosen), parallelAnchors };
}

function islandPass(scorer: DocScorer, opts: IslandOptions & { nested?: boolean }, found = findIslands(scorer, opts)): PassResult {
  const nZ = scorer.nZh;
  const nE = scorer.nEn;
  const { islands, parallelAnchors } = found;
  const byZ = [...islands].sort((a, b) => a.z0 - b.z0);
  const byE = [...islands].sort((a, b) => a.e0 - b.e0);
  const zRank = new Map(byZ.map((x, k) => [x, k]));
  const inOrder = byE.every((x, k) => zRank.get(x) === k);
  const gapOpts = { ...opts, gapMaxRate: opts.gapMaxRate ?? ISLAND_PARAMS.gapMaxRate };
  let beads: Links;
  let stats: ParallelStats;
  let enOrder: Int32Array | undefined;
  if (inOrder) {
    if (!opts.nested) {
      // first as parallel text (exactly alignParallel); the zones read the length model it learnt
      const r = alignParallel(scorer, { ...opts, anchors: parallelAnchors });
      if (isWhole(trustedZones(scorer, byZ, byE, !!opts.comparable), nZ, nE)) {
        return { beads: rangeBeads(r.beads), islands, reordered: false, whole: true, stats: r.stats, guarded: 0 };
      }
    }
    // parts of the text have no counterpart: gaps get their bonus, the document's gap rate counts
    const ident = Int32Array.from({ length: nE }, (_, k) => k);
    const r = alignGappy(scorer, ident, new Int32Array(nE), { ...gapOpts, learn: false });
    beads = rangeBeads(r.beads);
    stats = r.stats;
  } else {
    // English segments: island t of the English order owns [cut[t], cut[t + 1])
    const cut = new Int32Array(byE.length + 1);
    cut[byE.length] = nE;
    for (let t = 0; t + 1 < byE.length; t++) {
      const A = byE[t];
      const B = byE[t + 1];
      cut[t + 1] = zRank.get(B) === zRank.get(A)! + 1 ? B.e0 : cutPoint(scorer, A, B, A.e1, B.e0);
    }
    const order = new Int32Array(nE);
    const segment = new Int32Array(nE);
    let p = 0;
    for (const isl of byZ) {
      const t = byE.indexOf(isl);
      for (let j = cut[t]; j < cut[t + 1]; j++) {
        order[p] = j;
        segment[p++] = t;
      }
    }
    const r = alignGappy(scorer, order, segment, gapOpts);
    beads = r.beads.map((b) => ({ zh: range(b.z0, b.z1), en: range(b.e0, b.e1).map((q) => order[q]) }));
    stats = r.stats;
    enOrder = order;
  }
  const g = guard(scorer, beads, zoneSets(scorer, byZ, byE, !!opts.comparable, !!opts.nested), opts.nested ? ISLAND_PARAMS.nestedGuardScore : ISLAND_PARAMS.guardScore);
  return { beads: g.beads, islands, reordered: !inOrder, whole: false, stats, guarded: g.guarded, enOrder };
}

/**
 * The monotonic search over a document whose English is in `order` (segments `segment`) and that
 * has parts without counterpart: first with a bonus for every gap sentence (ISLAND_PARAMS.gapBonus);
 * runs of at least `gapRun` gap sentences it finds on one side (blocks without counterpart) are then
 * forced to stay gaps, and the search runs again with the smaller runGapBonus, so that single
 * weakly supported sentences of m-n beads are not split off.
 */
function alignGappy(scorer: DocScorer, order: Int32Array, segment: Int32Array, opts: ParallelOptions): { beads: BeadRange[]; stats: ParallelStats } {
  const first = alignParallel(DocView.reordered(scorer, order, segment, ISLAND_PARAMS.gapBonus), opts);
  if (ISLAND_PARAMS.gapRun <= 0) return first;
  const nZ = scorer.nZh;
  const nE = scorer.nEn;
  const gapZ = new Uint8Array(nZ);
  const gapE = new Uint8Array(nE);
  for (const b of first.beads) {
    if (b.e1 === b.e0) for (let q = b.z0; q < b.z1; q++) gapZ[q] = 1;
    if (b.z1 === b.z0) for (let q = b.e0; q < b.e1; q++) gapE[q] = 1;
  }
  const runs = (g: Uint8Array) => {
    const f = new Uint8Array(g.length);
    for (let p = 0; p < g.length; ) {
      if (!g[p]) {
        p++;
        continue;
      }
      let q = p;
      while (q < g.length && g[q]) q++;
      if (q - p >= ISLAND_PARAMS.gapRun) f.fill(1, p, q);
      p = q;
    }
    return f;
  };
  const forced = { zh: runs(gapZ), en: runs(gapE) };
  const view = DocView.reordered(scorer, order, segment, ISLAND_PARAMS.runGapBonus, [], forced);
  return alignParallel(view, { ...opts, learn: false });
}

const rangeBeads = (bs: BeadRange[]): Links => bs.map((b) => ({ zh: range(b.z0, b.z1), en: range(b.e0, b.e1) }));
/**
 * Whether the zones make the text parallel: they leave at most ISLAND_PARAMS.wholeSlack of its
 * sentences outside (a long parallel text has a few stretches whose lengths disagree, e.g. headings
 * on one side only; they stay the monotonic search's business as in parallel mode).
 */
function isWhole(zs: BeadRange[], nZ: number, nE: number): boolean {
  const z = new Uint8Array(nZ);
  const e = new Uint8Array(nE);
  for (const r of zs) {
    z.fill(1, r.z0, r.z1);
    e.fill(1, r.e0, r.e1);
  }
  let out = 0;
  for (const x of z) out += 1 - x;
  for (const x of e) out += 1 - x;
  return out <= ISLAND_PARAMS.wholeSlack * (nZ + nE);
}

export function alignIslands(scorer: DocScorer, opts: IslandOptions = {}): IslandResult {
  opts.onProgress?.(0, 4, "islands");
  const found = findIslands(scorer, opts);
  if (!found.islands.some((x) => x.anchors.length >= ISLAND_PARAMS.runAnchors)) {
    // no run of confident matches: a short text, or texts that only touch here and there
    const parallel = !opts.comparable && chooseMode(scorer, opts.signal).mode === "parallel";
    const empty = { islands: found.islands.length, guarded: 0, grown: 0 };
    if (parallel) {
      const r = alignParallel(scorer, { ...opts, anchors: found.parallelAnchors });
      return { beads: rangeBeads(r.beads), reordered: false, islands: found.islands, stats: { ...r.stats, ...empty }, reason: `no run of ${ISLAND_PARAMS.runAnchors} confident matches; parallel by its sentence matches` };
    }
    // the confident anchors, confident pairs (rare shared words), the titles
    // (between texts that only touch, a mutual best match is taken when it is strong or confident)
    const simOf = (i: number, j: number) => (scorer.simPair ? scorer.simPair(i, j) : scorer.sim(i, i + 1, j, j + 1));
    const seed = found.anchors.filter((a) => simOf(a.i, a.j) >= ISLAND_PARAMS.sparseSim || confident(scorer.score([a.i], [a.j]).parts));
    const beads = alignComparable(scorer, { signal: opts.signal, texts: opts.texts, seed: seed.map((a) => ({ zh: [a.i], en: [a.j] })) });
    const linked = beads.filter((b) => b.zh.length && b.en.length).length;
    return {
      beads,
      reordered: true,
      islands: found.islands,
      stats: { anchors: 0, windowCells: 0, secondPassCells: 0, learned: false, ...empty },
      reason: `no run of ${ISLAND_PARAMS.runAnchors} confident matches: ${linked} confident correspondences, the rest without counterpart`,
    };
  }
  let first = islandPass(scorer, opts, found);
  // the pass taught the scorer the document's own translations (learn): the islands again with them
  if (!first.whole && ISLAND_PARAMS.reanchor) first = islandPass(scorer, { ...opts, learn: false });
  let beads = first.beads;
  let guarded = first.guarded;
  let grown = 0;
  let later = 0;
  if (!first.whole) {
    // again over the sentences left without counterpart: with fewer competitors, blocks whose
    // evidence was too weak against the whole text find their island
    for (let round = 0; round < ISLAND_PARAMS.rounds; round++) {
      const lz = Int32Array.from(beads.filter((b) => !b.en.length).flatMap((b) => b.zh)).sort();
      const le = Int32Array.from(beads.filter((b) => !b.zh.length).flatMap((b) => b.en)).sort();
      if (lz.length < 2 || le.length < 2) break;
      const view = new DocView(scorer, lz, runsOf(lz), le, runsOf(le), ISLAND_PARAMS.nestedGapBonus);
      const r = islandPass(view, { ...opts, learn: false, comparable: true, nested: true });
      const links = r.beads.filter((b) => b.zh.length && b.en.length).map((b) => ({ zh: view.docZh(b.zh), en: view.docEn(b.en) }));
      if (!links.length) break;
      later += r.islands.length;
      guarded += r.guarded;
      const taken = new Set<string>();
      for (const b of links) {
        b.zh.forEach((i) => taken.add(`z${i}`));
        b.en.forEach((j) => taken.add(`e${j}`));
      }
      beads = [...beads.filter((b) => b.zh.length && b.en.length), ...links, ...beads.filter((b) => (!b.zh.length || !b.en.length) && !b.zh.some((i) => taken.has(`z${i}`)) && !b.en.some((j) => taken.has(`e${j}`)))];
    }
    if (ISLAND_PARAMS.sandwich) beads = fillSandwiches(scorer, beads).beads;
    if (ISLAND_PARAMS.dropIsolated) {
      const r = dropIsolated(scorer, beads);
      beads = r.beads;
      guarded += r.dropped;
    }
    if (ISLAND_PARAMS.grow) {
      const r = growBeads(scorer, beads);
      beads = r.beads;
      grown = r.grown;
    }
  }
  const byZ = [...first.islands].sort((a, b) => a.z0 - b.z0);
  const byE = [...first.islands].sort((a, b) => a.e0 - b.e0);
  const moved = byE.filter((x, k) => byZ[k] !== x).length;
  const n = first.islands.length + later;
  return {
    beads,
    reordered: first.reordered || later > 0,
    islands: first.islands,
    enOrder: first.enOrder,
    stats: { ...first.stats, islands: n, guarded, grown },
    reason: `${n} islands of confident matches, ${moved ? `${moved} out of order` : "in order"}${first.whole ? "" : `; ${guarded} links without support left as gaps`}`,
  };
}

/**
 * A stretch of Chinese [z0, z1) and English [e0, e1) between two islands may be parallel text: its
 * lengths agree with the document's length ratio (a missing block on one side breaks that), or it
 * is short.
 */
function plausible(scorer: DocScorer, z0: number, z1: number, e0: number, e1: number): boolean {
  const dz = z1 - z0;
  const de = e1 - e0;
  if (Math.max(dz, de) <= ISLAND_PARAMS.shortStretch) return true;
  if (dz === 0 || de === 0) return false;
  return scorer.lengthPenalty(z0, z1, e0, e1) >= ISLAND_PARAMS.minStretchLength;
}

/**
 * Trusted zones (rectangles [z0, z1) × [e0, e1)): each island; the stretch between two islands that
 * follow each other in both texts; a text's start (end) when the first (last) island is the same
 * in both texts — each stretch only when it may be parallel text (plausible); the whole text when
 * there are no islands and it may be parallel (not in comparable mode). A nested view has no text
 * start or end.
 */
export function trustedZones(scorer: DocScorer, byZ: Island[], byE: Island[], comparable: boolean, nested = false): BeadRange[] {
  const z = zoneSets(scorer, byZ, byE, comparable, nested);
  return mergeZones([...z.islands, ...z.stretches]);
}

/** The zones: the islands' own rectangles, and the stretches (between islands, text start and end). */
function zoneSets(scorer: DocScorer, byZ: Island[], byE: Island[], comparable: boolean, nested: boolean) {
  const nZ = scorer.nZh;
  const nE = scorer.nEn;
  const islands: BeadRange[] = byZ.map((x) => ({ z0: x.z0, z1: x.z1, e0: x.e0, e1: x.e1 }));
  const stretches: BeadRange[] = [];
  if (!byZ.length) {
    if (!comparable && !nested && plausible(scorer, 0, nZ, 0, nE)) stretches.push({ z0: 0, z1: nZ, e0: 0, e1: nE });
    return { islands, stretches };
  }
  const eRank = new Map(byE.map((x, k) => [x, k]));
  for (let k = 0; k + 1 < byZ.length; k++) {
    const A = byZ[k];
    const B = byZ[k + 1];
    if (eRank.get(B) === eRank.get(A)! + 1 && plausible(scorer, A.z1, B.z0, A.e1, B.e0)) stretches.push({ z0: A.z0, z1: B.z1, e0: A.e0, e1: B.e1 });
  }
  const first = byZ[0];
  if (!nested && first === byE[0] && plausible(scorer, 0, first.z0, 0, first.e0)) stretches.push({ z0: 0, z1: first.z1, e0: 0, e1: first.e1 });
  const last = byZ[byZ.length - 1];
  if (!nested && last === byE[byE.length - 1] && plausible(scorer, last.z1, nZ, last.e1, nE)) stretches.push({ z0: last.z0, z1: nZ, e0: last.e0, e1: nE });
  return { islands, stretches };
}

/** Merge overlapping zones that chain into one (a text covered from start to end is parallel). */
function mergeZones(zones: BeadRange[]): BeadRange[] {
  zones.sort((a, b) => a.z0 - b.z0 || a.e0 - b.e0);
  const merged: BeadRange[] = [];
  for (const z of zones) {
    const m = merged[merged.length - 1];
    if (m && z.z0 < m.z1 && z.e0 < m.e1 && z.z0 >= m.z0 && z.e0 >= m.e0) {
      m.z1 = Math.max(m.z1, z.z1);
      m.e1 = Math.max(m.e1, z.e1);
    } else merged.push({ ...z });
  }
  return merged;
}

/** A bead's sentences, each as a gap bead of its own. */
const asGaps = (b: Links[number]): Links => [...b.zh.map((i) => ({ zh: [i], en: [] })), ...b.en.map((j) => ({ zh: [], en: [j] }))];

/**
 * The guard: a link inside an island stands; between islands (and at a text's start or end) it
 * needs a calibrated score ≥ stretchScore; elsewhere ≥ minScore. Otherwise its sentences become gaps.
 */
function guard(scorer: DocScorer, beads: Links, zones: { islands: BeadRange[]; stretches: BeadRange[] }, minScore: number) {
  const inside = (b: Links[number], zs: BeadRange[]) => zs.some((z) => b.zh.every((i) => i >= z.z0 && i < z.z1) && b.en.every((j) => j >= z.e0 && j < z.e1));
  const out: Links = [];
  let guarded = 0;
  for (const b of beads) {
    if (!b.zh.length || !b.en.length || inside(b, zones.islands)) {
      out.push(b);
      continue;
    }
    const need = inside(b, zones.stretches) ? ISLAND_PARAMS.stretchScore : minScore;
    if (need <= 0 || scorer.score(b.zh, b.en).score >= need) {
      out.push(b);
      continue;
    }
    guarded++;
    out.push(...asGaps(b));
  }
  return { beads: out, guarded };
}

/**
 * A link with neither neighbour continuing it (the sentences before it and after it, on either
 * side, linked to each other's neighbours) stands alone in a text with gaps: unless the scorer
 * finds it confident (confident: rare shared words or an almost full match), it is taken for a
 * chance match of common words and its sentences become gaps.
 */
function dropIsolated(scorer: DocScorer, beads: Links) {
  const ofZ = new Map<number, Links[number]>();
  const ofE = new Map<number, Links[number]>();
  for (const b of beads) {
    b.zh.forEach((i) => ofZ.set(i, b));
    b.en.forEach((j) => ofE.set(j, b));
  }
  const link = (b: Links[number] | undefined): b is Links[number] => !!b && b.zh.length > 0 && b.en.length > 0;
  const out: Links = [];
  let dropped = 0;
  for (const b of beads) {
    if (!link(b)) {
      out.push(b);
      continue;
    }
    const z0 = Math.min(...b.zh);
    const z1 = Math.max(...b.zh);
    const e0 = Math.min(...b.en);
    const e1 = Math.max(...b.en);
    const before = [ofZ.get(z0 - 1), ofE.get(e0 - 1)].some((n) => link(n) && n !== b && (Math.max(...n.en) === e0 - 1 || Math.max(...n.zh) === z0 - 1));
    const after = [ofZ.get(z1 + 1), ofE.get(e1 + 1)].some((n) => link(n) && n !== b && (Math.min(...n.en) === e1 + 1 || Math.min(...n.zh) === z1 + 1));
    if (before || after || confident(scorer.score(b.zh, b.en).parts)) {
      out.push(b);
      continue;
    }
    dropped++;
    out.push(...asGaps(b));
  }
  return { beads: out, dropped };
}

/**
 * Non-contiguous beads: a gap sentence that a link bead's other side (one sentence) explains
 * confidently joins the bead when it raises the coverage of that side.
 */
function growBeads(scorer: DocScorer, beads: { zh: number[]; en: number[] }[]) {
  const zhGap = new Set<number>();
  for (const b of beads) if (!b.en.length) for (const i of b.zh) zhGap.add(i);
  let grown = 0;
  const joined = new Set<number>();
  for (const b of beads) {
    if (b.en.length !== 1 || !b.zh.length) continue;
    const j = b.en[0];
    for (const i of scorer.candidatesForEn(j, ISLAND_PARAMS.candidates)) {
      if (!zhGap.has(i) || joined.has(i)) continue;
      if (!confident(scorer.score([i], [j]).parts)) continue;
      const before = scorer.score(b.zh, b.en).parts.coverageEnZh;
      const zh = [...b.zh, i].sort((x, y) => x - y);
      if (scorer.score(zh, b.en).parts.coverageEnZh <= before) continue;
      b.zh = zh;
      joined.add(i);
      grown++;
    }
  }
  return { beads: beads.filter((b) => !(b.zh.length === 1 && !b.en.length && joined.has(b.zh[0]))), grown };
}

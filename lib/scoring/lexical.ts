/**
 * Dictionary + names + numbers + length scorer (no neural model).
 *
 * Evidence is collected per sentence pair as bitsets of matched tokens on each
 * side; a bead's coverage is the weighted share of tokens matched by ANY sentence
 * on the other side, so beads of every shape are scored on the same 0–1 scale.
 */
import { getLexicon, type Lexicon } from "../lexicon";
import { findName } from "./lexical/names";
import { indexKeys, prepareEn, prepareTempEn, prepareTempZh, prepareZh, TokenKeys, weighDocument, type DocFreq } from "./lexical/prepare";
import { K_LEX, K_NAME, K_NUMBER, KIND_NAMES, popWeight, type EnSent, type ZhSent } from "./lexical/sentences";
import { Coverage } from "./lexical/coverage";
import { fillPair, PairCache } from "./lexical/evidence";
import { LengthModel } from "./lexical/length";
import type { BeadRange, BeadScore, CellGains, DocScorer, MatchedPair, MatchKind, ScoreParts, ScorerFactory } from "./types";
import { SCORE_PARAMS } from "./lexical/params";
import { calibrate } from "./lexical/calibrate";
import { quoteStates } from "./lexical/punctuation";

export { SCORE_PARAMS } from "./lexical/params";
export { CAL_FEATURES, calFeatures, calibrate } from "./lexical/calibrate";
export { quoteStates } from "./lexical/punctuation";

const PAIR_KEY = 2 ** 32;

/** Features of the bead gain (parallel search), in this order. */
export const BEAD_FEATURES = [
  "cz·n", // zh→en coverage × sentences in the bead
  "ce·n", // en→zh coverage × sentences
  "cmin·n", // min of both coverages × sentences
  "n", // sentences in the bead
  "bead", // 1 for every non-gap bead
  "len", // Gaussian log-density of the log length ratio (per-document mean and spread)
  "1-2", // shape 1-2 / 2-1
  "1-3", // shape 1-3 / 3-1
  "1-4+", // 1-4 and longer (× extra sentences)
  "m-n", // both sides ≥ 2
  "unsupported", // sentences of a multi-sentence side with no match in the other side
  "quote≠", // one side has dialogue quotes, the other not
  "?≠",
  "!≠",
  "gap zh", // 1-0 bead
  "gap en", // 0-1 bead
  "gap log(1+weight)", // content of the gap sentence
  "qstate≠", // after the bead one side is inside an open quotation and the other not
  "weakest", // 1 − lowest coverage of one sentence of a multi-sentence side by the other side
  "silent", // content (min(weight, 60) / 10) of the bead's sentences with no evidence at all in the other side
] as const;
export const N_BEAD_FEATURES = BEAD_FEATURES.length;
const [F_CZ, F_CE, F_CMIN, F_N, F_BEAD, F_LEN, F_S12, F_S13, F_S14, F_SMM, F_UNSUP, F_QUOTE, F_QMARK, F_EXCL, F_GAP_Z, F_GAP_E, F_GAP_W, F_QSTATE, F_WEAK, F_SILENT] =
  BEAD_FEATURES.map((_, k) => k);

/**
 * Features of the gap model (see LexicalDocScorer.gapFeatures): sentence x of one side of a link
 * bead, "other side" = the bead's sentences of the other language, "rest" = the bead's other
 * sentences of x's language.
 */
export const GAP_FEATURES = [
  "bias",
  "c", // share of x's content matched by the other side
  "log(1+w)", // x's content (idf weight)
  "c·log(1+w)",
  "silent", // min(w, 60) / 10 when nothing of x is matched
  "unmatched", // (1 − c) · min(w, 60) / 10
  "alone", // x is its side's only sentence
  "other gain", // coverage of the other side with x minus without it
  "length gain", // length log-density of the bead with x minus without it (x at an edge, not alone)
  "length alone", // length log-density of the bead (x alone)
  "middle", // x is neither the first nor the last sentence of its side
  "search margin", // bead gain minus the gains of the split (x a gap), / 10, clipped to [−2, 4]
] as const;
export const N_GAP_FEATURES = GAP_FEATURES.length;

/**
 * Content of a sentence for the "silent" bead feature: its idf weight, capped (beyond ≈ 12 content
 * words a sentence with no evidence at all is no less telling) and scaled to the other features.
 */
function silentWeight(w: number): number {
  return (w < 60 ? w : 60) / 10;
}

function rangeOf(a: number, b: number): number[] {
  const out: number[] = [];
  for (let q = a; q < b; q++) out.push(q);
  return out;
}

export class LexicalDocScorer implements DocScorer {
  readonly nZh: number;
  readonly nEn: number;
  private readonly lex: Lexicon;
  private readonly keys: TokenKeys;
  private readonly zh: ZhSent[];
  private readonly en: EnSent[];
  private readonly pairs: PairCache;
  private readonly cov: Coverage;
  private readonly length: LengthModel;
  private zhQ: Uint8Array;
  private enQ: Uint8Array;
  private learnedPairs = 0;
  private inverted: { starts: Int32Array; items: Int32Array; idf: Float64Array } | null = null;
  /** document frequencies (rescoring edited sentences with the document's weights) */
  private readonly df: DocFreq;
  /** learned links by Chinese word (see learn) */
  private learnedMap = new Map<string, Int32Array>();
  /** rescoring: bead context of temporary sentences (see scoreTexts) */
  private ctx: { zOut: number[]; eOut: number[]; zqBefore: number; eqBefore: number; zqAfter: number; eqAfter: number } | null = null;

  constructor(zhTexts: string[], enTexts: string[], lex: Lexicon = getLexicon()) {
    this.lex = lex;
    this.nZh = zhTexts.length;
    this.nEn = enTexts.length;
    this.keys = new TokenKeys(lex);
    this.zh = zhTexts.map((t) => prepareZh(this.keys, t));
    this.en = enTexts.map((t) => prepareEn(this.keys, t));
    this.df = weighDocument(this.zh, this.en);
    this.zhQ = quoteStates(zhTexts, "zh");
    this.enQ = quoteStates(enTexts, "en");
    this.pairs = new PairCache(this.zh, this.en);
    this.cov = new Coverage(this.zh, this.en, this.pairs);
    this.length = new LengthModel(this.zh, this.en);
  }

  // ---------------------------------------------------------------- pair evidence

  releaseBefore(i: number): void {
    this.pairs.releaseBefore(i);
  }

  // ---------------------------------------------------------------- DocScorer

  zhWeight(i: number): number {
    return this.zh[i].totalW;
  }

  enWeight(j: number): number {
    return this.en[j].totalW;
  }

  /** Matched weights (zh side, en side) and totals for a set of sentences. */
  private coverage(zIdx: number[], eIdx: number[]): [number, number, number, number] {
    const c = this.cov.of(zIdx, zIdx.length, eIdx, eIdx.length);
    return [c.mz, c.tz, c.me, c.te];
  }

  sim(z0: number, z1: number, e0: number, e1: number): number {
    return this.cov.sim(z0, z1, e0, e1);
  }

  /** sim(i, i + 1, j, j + 1) computed without the pair cache (same value, no allocation). */
  simPair(i: number, j: number): number {
    return this.cov.simPair(i, j);
  }

  lengthPenalty(z0: number, z1: number, e0: number, e1: number): number {
    return this.length.ofRange(z0, z1, e0, e1);
  }

  // ---------------------------------------------------------------- bead features (search)

  /**
   * Feature vector φ of the bead zh[z0,z1) × en[e0,e1) (any shape, gaps included) for the
   * log-linear bead gain w·φ of the parallel search. See BEAD_FEATURES.
   */
  beadFeatures(z0: number, z1: number, e0: number, e1: number, out: Float64Array): Float64Array {
    out.fill(0);
    const a = z1 - z0;
    const b = e1 - e0;
    if (z1 > 0 && e1 > 0 && this.zhQ[z1 - 1] !== this.enQ[e1 - 1]) out[F_QSTATE] = 1;
    if (a === 0 || b === 0) {
      const w = a === 0 ? this.en[e0].totalW : this.zh[z0].totalW;
      out[a === 0 ? F_GAP_E : F_GAP_Z] = 1;
      out[F_GAP_W] = Math.log1p(w);
      return out;
    }
    const n = a + b;
    const o = this.cov.ofRange(z0, z1, e0, e1);
    const sm = SCORE_PARAMS.covSmooth;
    const cz = o.mz / (o.tz + sm);
    const ce = o.me / (o.te + sm);
    out[F_CZ] = n * cz;
    out[F_CE] = n * ce;
    out[F_CMIN] = n * Math.min(cz, ce);
    out[F_N] = n;
    out[F_BEAD] = 1;
    let lz = 0;
    let le = 0;
    let pz = 0;
    let pe = 0;
    for (let i = z0; i < z1; i++) {
      lz += this.zh[i].len;
      pz |= this.zh[i].punct;
    }
    for (let j = e0; j < e1; j++) {
      le += this.en[j].len;
      pe |= this.en[j].punct;
    }
    out[F_LEN] = this.length.logDensity(lz, le);
    const mx = Math.max(a, b);
    const mn = Math.min(a, b);
    if (mn === 1) {
      if (mx === 2) out[F_S12] = 1;
      else if (mx === 3) out[F_S13] = 1;
      else if (mx >= 4) out[F_S14] = mx - 3;
    } else out[F_SMM] = 1;
    let unsup = 0;
    let weakest = 1;
    let silent = 0;
    // per-sentence evidence of the coverageGen call above
    for (let i = z0; i < z1; i++) {
      const any = o.anyZ[i - z0] === 1;
      if (!any) silent += silentWeight(this.zh[i].totalW);
      if (a < 2) continue;
      if (!any) unsup++;
      if (this.zh[i].totalW > 0) weakest = Math.min(weakest, o.sentZ[i - z0] / (this.zh[i].totalW + sm));
    }
    for (let j = e0; j < e1; j++) {
      if (o.anyE[j - e0] === 0) silent += silentWeight(this.en[j].totalW);
      if (b < 2) continue;
      if (o.anyE[j - e0] === 0) unsup++;
      if (this.en[j].totalW > 0) weakest = Math.min(weakest, o.sentE[j - e0] / (this.en[j].totalW + sm));
    }
    out[F_UNSUP] = unsup;
    out[F_WEAK] = 1 - weakest;
    out[F_SILENT] = silent;
    const x = pz ^ pe;
    out[F_QUOTE] = x & 1;
    out[F_QMARK] = (x >> 1) & 1;
    out[F_EXCL] = (x >> 2) & 1;
    return out;
  }

  private featBuf = new Float64Array(N_BEAD_FEATURES);
  private weights: ArrayLike<number> = SCORE_PARAMS.bead;

  /** Use other bead weights (fitting scripts). */
  setBeadWeights(w: ArrayLike<number>): void {
    this.weights = w;
  }

  beadGain(z0: number, z1: number, e0: number, e1: number): number {
    const f = this.beadFeatures(z0, z1, e0, e1, this.featBuf);
    const w = this.weights;
    let g = 0;
    for (let k = 0; k < N_BEAD_FEATURES; k++) if (f[k] !== 0) g += w[k] * f[k];
    return g;
  }

  /**
   * All bead gains ending at one search node at once (see CellGains): exactly beadGain's values,
   * but the per-sentence coverages are built incrementally (zh sentence i−a′ against en [j−b, j)
   * grows one English sentence at a time, and the same for English sentences), each pair's
   * evidence is read once per node, and a bead whose gain cannot beat the best bead found so far
   * at the node (upper bound: every token matched) is skipped.
   */
  cellGains(shapes: [number, number][]): CellGains {
    const S = shapes.length;
    let A = 1;
    let B = 1;
    for (const [a, b] of shapes) {
      A = Math.max(A, a);
      B = Math.max(B, b);
    }
    const w = this.weights;
    const sm = SCORE_PARAMS.covSmooth;
    const W = B + 1;
    const H = A + 1;
    // zh sentence i−a′ (a′ = 1..A) against en [j−b, j): matched weight zVal[a′·W + b], any evidence zAny
    const zVal = new Float64Array(H * W);
    const zAny = new Uint8Array(H * W);
    const zUpTo = new Int32Array(H);
    const zAcc: Uint32Array[] = Array.from({ length: H }, () => new Uint32Array(8));
    // en sentence j−b′ (b′ = 1..B) against zh [i−a, i): eVal[b′·H + a]
    const eVal = new Float64Array(W * H);
    const eAny = new Uint8Array(W * H);
    const eUpTo = new Int32Array(W);
    const eAcc: Uint32Array[] = Array.from({ length: W }, () => new Uint32Array(8));
    // coverage features: UB of w·f for f ∈ [0, fmax] is max(0, w·fmax)
    const pos = (k: number) => Math.max(0, w[k]);
    const zh = this.zh;
    const en = this.en;
    // pair evidence for the search: a ring of the last A zh rows, each a slab of masks indexed by
    // column (idx: 0 = not computed, −1 = no evidence, else offset + 1); no per-pair objects
    const nE = this.nEn;
    const ringRow = new Int32Array(A).fill(-1);
    const ringIdx: Int32Array[] = Array.from({ length: A }, () => new Int32Array(nE + 1));
    const ringSlab: Uint32Array[] = Array.from({ length: A }, () => new Uint32Array(1024));
    const ringUsed = new Int32Array(A);
    const ringMin = new Int32Array(A).fill(nE + 1);
    const ringMax = new Int32Array(A).fill(-1);
    let mSlab: Uint32Array = ringSlab[0];
    /** offset of the mask of pair (r, c) in mSlab, or −1 when the pair has no evidence */
    const mask = (r: number, c: number): number => {
      const slot = r % A;
      if (ringRow[slot] !== r) {
        if (ringMax[slot] >= 0) ringIdx[slot].fill(0, ringMin[slot], ringMax[slot] + 1);
        ringRow[slot] = r;
        ringUsed[slot] = 0;
        ringMin[slot] = nE + 1;
        ringMax[slot] = -1;
      }
      const idx = ringIdx[slot];
      let v = idx[c];
      if (v === 0) {
        const len = ((zh[r].toks.length + 31) >>> 5) + ((en[c].toks.length + 31) >>> 5);
        let slab = ringSlab[slot];
        const u = ringUsed[slot];
        if (u + len > slab.length) {
          const bigger = new Uint32Array(Math.max(slab.length * 2, u + len));
          bigger.set(slab.subarray(0, u));
          slab = ringSlab[slot] = bigger;
        }
        slab.fill(0, u, u + len);
        if (!fillPair(zh[r], en[c], null, slab, u)) v = -1;
        else {
          ringUsed[slot] = u + len;
          v = u + 1;
        }
        idx[c] = v;
        if (c < ringMin[slot]) ringMin[slot] = c;
        if (c > ringMax[slot]) ringMax[slot] = c;
      }
      mSlab = ringSlab[slot];
      return v - 1;
    };
    const extendZ = (i: number, j: number, ap: number, b: number) => {
      const zs = zh[i - ap];
      const zw = (zs.toks.length + 31) >>> 5;
      let acc = zAcc[ap];
      if (acc.length < zw) acc = zAcc[ap] = new Uint32Array(zw * 2);
      let k = zUpTo[ap];
      if (k === 0) for (let q = 0; q < zw; q++) acc[q] = 0; // (a loop: zw is mostly 1)
      const base = ap * W;
      while (k < b) {
        k++;
        const mo = mask(i - ap, j - k);
        let any = k > 1 ? zAny[base + k - 1] : 0;
        if (mo < 0) {
          zVal[base + k] = k > 1 ? zVal[base + k - 1] : 0;
          zAny[base + k] = any;
          continue;
        }
        any = 1;
        const m = mSlab;
        for (let q = 0; q < zw; q++) acc[q] |= m[mo + q];
        zVal[base + k] = zw === 0 ? 0 : popWeight(acc, 0, zw, zs.toks);
        zAny[base + k] = any;
      }
      zUpTo[ap] = k;
    };
    const extendE = (i: number, j: number, bp: number, a: number) => {
      const es = en[j - bp];
      const ew = (es.toks.length + 31) >>> 5;
      let acc = eAcc[bp];
      if (acc.length < ew) acc = eAcc[bp] = new Uint32Array(ew * 2);
      let k = eUpTo[bp];
      if (k === 0) for (let q = 0; q < ew; q++) acc[q] = 0; // (a loop: ew is mostly 1)
      const base = bp * H;
      while (k < a) {
        k++;
        const mo = ew === 0 ? -1 : mask(i - k, j - bp);
        let any = k > 1 ? eAny[base + k - 1] : 0;
        if (mo < 0) {
          eVal[base + k] = k > 1 ? eVal[base + k - 1] : 0;
          eAny[base + k] = ew === 0 ? 0 : any;
          continue;
        }
        any = 1;
        const m = mSlab;
        const zw = (zh[i - k].toks.length + 31) >>> 5;
        for (let q = 0; q < ew; q++) acc[q] |= m[mo + zw + q];
        eVal[base + k] = popWeight(acc, 0, ew, es.toks);
        eAny[base + k] = any;
      }
      eUpTo[bp] = k;
    };
    // per-sentence arrays and per-shape constants (read once per search)
    const zLen = Float64Array.from(zh, (x) => x.len);
    const eLen = Float64Array.from(en, (x) => x.len);
    const zTot = Float64Array.from(zh, (x) => x.totalW);
    const eTot = Float64Array.from(en, (x) => x.totalW);
    const zSil = Float64Array.from(zh, (x) => silentWeight(x.totalW));
    const eSil = Float64Array.from(en, (x) => silentWeight(x.totalW));
    const zPun = Int32Array.from(zh, (x) => x.punct);
    const ePun = Int32Array.from(en, (x) => x.punct);
    const zQ = this.zhQ;
    const eQ = this.enQ;
    const sA = Int32Array.from(shapes, (x) => x[0]);
    const sB = Int32Array.from(shapes, (x) => x[1]);
    // shape features (exact values) and the gain bound's constant part per shape
    const shapeF = new Int32Array(S);
    const shapeV = new Float64Array(S);
    const ubConst = new Float64Array(S);
    for (let s = 0; s < S; s++) {
      const a = sA[s];
      const b = sB[s];
      if (a === 0 || b === 0) continue;
      const mx = Math.max(a, b);
      const mn = Math.min(a, b);
      if (mn === 1) {
        if (mx === 2) [shapeF[s], shapeV[s]] = [F_S12, 1];
        else if (mx === 3) [shapeF[s], shapeV[s]] = [F_S13, 1];
        else if (mx >= 4) [shapeF[s], shapeV[s]] = [F_S14, mx - 3];
        else shapeF[s] = -1;
      } else [shapeF[s], shapeV[s]] = [F_SMM, 1];
      const n = a + b;
      ubConst[s] = w[F_N] * n + w[F_BEAD] + (shapeF[s] >= 0 ? w[shapeF[s]] * shapeV[s] : 0) + Math.max(0, w[F_UNSUP] * n) + pos(F_WEAK) + pos(F_SILENT) * 6 * n;
    }
    const wCz = pos(F_CZ);
    const wCe = pos(F_CE);
    const wCmin = pos(F_CMIN);
    const wLen = w[F_LEN];
    const wQs = w[F_QSTATE];
    const wPunct = [0, w[F_QUOTE], w[F_QMARK], w[F_QUOTE] + w[F_QMARK], w[F_EXCL], w[F_QUOTE] + w[F_EXCL], w[F_QMARK] + w[F_EXCL], w[F_QUOTE] + w[F_QMARK] + w[F_EXCL]];
    const length = this.length;
    return (i, j, prev, out) => {
      for (let q = 0; q < H; q++) zUpTo[q] = 0;
      for (let q = 0; q < W; q++) eUpTo[q] = 0;
      let bv = -Infinity;
      const qs = i > 0 && j > 0 && zQ[i - 1] !== eQ[j - 1] ? 1 : 0;
      for (let s = 0; s < S; s++) {
        const p = prev[s];
        if (p === -Infinity) continue;
        const a = sA[s];
        const b = sB[s];
        const z0 = i - a;
        const e0 = j - b;
        // g = w·φ summed in feature order (a zero feature adds ±0: the same sum as skipping it)
        let g = 0;
        if (a === 0 || b === 0) {
          const wt = a === 0 ? eTot[e0] : zTot[z0];
          g += w[a === 0 ? F_GAP_E : F_GAP_Z];
          g += w[F_GAP_W] * Math.log1p(wt);
          g += w[F_QSTATE] * qs;
        } else {
          const n = a + b;
          let lz = 0;
          let le = 0;
          let pz = 0;
          let pe = 0;
          let tz = 0;
          let te = 0;
          for (let q = z0; q < i; q++) {
            lz += zLen[q];
            pz |= zPun[q];
            tz += zTot[q];
          }
          for (let q = e0; q < j; q++) {
            le += eLen[q];
            pe |= ePun[q];
            te += eTot[q];
          }
          const fLen = length.logDensity(lz, le);
          const x = pz ^ pe;
          if (bv !== -Infinity) {
            // upper bound of the gain: the cheap features exactly, the coverage ones at their maximum
            const czMax = tz / (tz + sm);
            const ceMax = te / (te + sm);
            const ub =
              ubConst[s] + wLen * fLen + wPunct[x] + (qs ? wQs : 0) +
              n * (wCz * czMax + wCe * ceMax + wCmin * (czMax < ceMax ? czMax : ceMax));
            if (p + ub + 1e-6 * (1 + Math.abs(p + ub)) < bv) {
              out[s] = -Infinity;
              continue;
            }
          }
          // coverages: zh sentences in order z0..i−1, en sentences in order e0..j−1 (as coverageGen)
          let mz = 0;
          let me = 0;
          let unsup = 0;
          let weakest = 1;
          let silent = 0;
          for (let ap = a; ap >= 1; ap--) {
            if (zUpTo[ap] < b) extendZ(i, j, ap, b);
            const v = zVal[ap * W + b];
            mz += v;
            const none = zAny[ap * W + b] === 0;
            if (none) silent += zSil[i - ap];
            if (a >= 2) {
              if (none) unsup++;
              const t = zTot[i - ap];
              if (t > 0) weakest = Math.min(weakest, v / (t + sm));
            }
          }
          for (let bp = b; bp >= 1; bp--) {
            if (eUpTo[bp] < a) extendE(i, j, bp, a);
            const v = eVal[bp * H + a];
            me += v;
            const none = eAny[bp * H + a] === 0;
            if (none) silent += eSil[j - bp];
            if (b >= 2) {
              if (none) unsup++;
              const t = eTot[j - bp];
              if (t > 0) weakest = Math.min(weakest, v / (t + sm));
            }
          }
          const cz = mz / (tz + sm);
          const ce = me / (te + sm);
          g += w[F_CZ] * (n * cz);
          g += w[F_CE] * (n * ce);
          g += w[F_CMIN] * (n * Math.min(cz, ce));
          g += w[F_N] * n;
          g += w[F_BEAD];
          g += w[F_LEN] * fLen;
          if (shapeF[s] >= 0) g += w[shapeF[s]] * shapeV[s];
          g += w[F_UNSUP] * unsup;
          g += w[F_QUOTE] * (x & 1);
          g += w[F_QMARK] * ((x >> 1) & 1);
          g += w[F_EXCL] * ((x >> 2) & 1);
          g += w[F_QSTATE] * qs;
          g += w[F_WEAK] * (1 - weakest);
          g += w[F_SILENT] * silent;
        }
        out[s] = g;
        if (p + g > bv) bv = p + g;
      }
    };
  }

  // ---------------------------------------------------------------- gap model

  /** results of gainAndCoverage: coverages (zh by en, en by zh) and per-sentence coverages */
  private gcCz = 0;
  private gcCe = 0;
  private gcZ = new Float64Array(8);
  private gcE = new Float64Array(8);

  /**
   * Search gain of a bead; leaves its coverages in gcCz / gcCe and, when `perSentence`, each
   * sentence's coverage by the other side in gcZ / gcE (no allocation: called for every bead).
   */
  private gainAndCoverage(z0: number, z1: number, e0: number, e1: number, perSentence: boolean): number {
    const f = this.beadFeatures(z0, z1, e0, e1, this.featBuf);
    const w = this.weights;
    let gain = 0;
    for (let k = 0; k < N_BEAD_FEATURES; k++) if (f[k] !== 0) gain += w[k] * f[k];
    // beadFeatures' coverageGen call left the bead's matched weights in covOut / sentZ / sentE
    const sm = SCORE_PARAMS.covSmooth;
    const o = this.cov;
    this.gcCz = o.tz > 0 ? o.mz / (o.tz + sm) : 0;
    this.gcCe = o.te > 0 ? o.me / (o.te + sm) : 0;
    if (perSentence) {
      if (this.gcZ.length < z1 - z0 || this.gcE.length < e1 - e0) {
        this.gcZ = new Float64Array(Math.max(z1 - z0, e1 - e0) * 2);
        this.gcE = new Float64Array(Math.max(z1 - z0, e1 - e0) * 2);
      }
      for (let q = 0; q < z1 - z0; q++) {
        const t = this.zh[z0 + q].totalW;
        this.gcZ[q] = t > 0 ? o.sentZ[q] / (t + sm) : 0;
      }
      for (let q = 0; q < e1 - e0; q++) {
        const t = this.en[e0 + q].totalW;
        this.gcE[q] = t > 0 ? o.sentE[q] / (t + sm) : 0;
      }
    }
    return gain;
  }

  /** Search gain of sentence k of one side as a gap at the place of the bead `b`. */
  private gapGainAt(b: BeadRange, zh: boolean, k: number): number {
    return zh ? this.beadGain(k, k + 1, b.e0, b.e0) : this.beadGain(b.z0, b.z0, k, k + 1);
  }

  /**
   * GAP_FEATURES of every sentence of the link bead `b` (its Chinese sentences, then its English
   * ones), N_GAP_FEATURES values per sentence in one array. The search gain is read with the
   * current bead weights: call this after learn(), as the aligner does.
   */
  gapFeatures(b: BeadRange): Float64Array {
    const nz = b.z1 - b.z0;
    const ne = b.e1 - b.e0;
    const F = N_GAP_FEATURES;
    const out = new Float64Array((nz + ne) * F);
    if (nz <= 0 || ne <= 0) return new Float64Array(0);
    const gain = this.gainAndCoverage(b.z0, b.z1, b.e0, b.e1, true);
    const cz = this.gcCz;
    const ce = this.gcCe;
    const own = new Float64Array(nz + ne);
    own.set(this.gcZ.subarray(0, nz), 0);
    own.set(this.gcE.subarray(0, ne), nz);
    const lpWhole = this.lengthPenalty(b.z0, b.z1, b.e0, b.e1);
    // each sentence as a gap at this place, and all of them (the split of a bead with one side alone)
    const gapGain = new Float64Array(nz + ne);
    let gapsZ = 0;
    let gapsE = 0;
    for (let q = 0; q < nz + ne; q++) {
      gapGain[q] = q < nz ? this.gapGainAt(b, true, b.z0 + q) : this.gapGainAt(b, false, b.e0 + q - nz);
      if (q < nz) gapsZ += gapGain[q];
      else gapsE += gapGain[q];
    }
    for (let q = 0; q < nz + ne; q++) {
      const isZh = q < nz;
      const k = isZh ? b.z0 + q : b.e0 + q - nz;
      const lo = isZh ? b.z0 : b.e0;
      const hi = isZh ? b.z1 : b.e1;
      const w = isZh ? this.zh[k].totalW : this.en[k].totalW;
      const lw = Math.log1p(w);
      const wc = silentWeight(w);
      const c = own[q];
      const alone = hi - lo === 1;
      const edge = k === lo || k === hi - 1;
      // coverage of the other side by this side, with x and without it
      const withX = isZh ? ce : cz;
      let without = 0;
      let lenGain = 0;
      let margin = 0;
      if (alone) margin = gain - gapGain[q] - (isZh ? gapsE : gapsZ);
      else if (edge) {
        // the bead without x (an edge sentence leaves it contiguous)
        const z0 = isZh && k === lo ? b.z0 + 1 : b.z0;
        const z1 = isZh && k !== lo ? b.z1 - 1 : b.z1;
        const e0 = !isZh && k === lo ? b.e0 + 1 : b.e0;
        const e1 = !isZh && k !== lo ? b.e1 - 1 : b.e1;
        const cutGain = this.gainAndCoverage(z0, z1, e0, e1, false);
        without = isZh ? this.gcCe : this.gcCz;
        lenGain = lpWhole - this.lengthPenalty(z0, z1, e0, e1);
        margin = gain - cutGain - gapGain[q];
      } else {
        const rest = rangeOf(lo, hi).filter((x) => x !== k);
        const O = isZh ? rangeOf(b.e0, b.e1) : rangeOf(b.z0, b.z1);
        const r = isZh ? this.coverage(rest, O) : this.coverage(O, rest);
        const m = isZh ? r[2] : r[0];
        const t = isZh ? r[3] : r[1];
        without = t > 0 ? m / (t + SCORE_PARAMS.covSmooth) : 0;
      }
      margin = Math.max(-20, Math.min(40, margin)) / 10;
      const o = q * F;
      out[o] = 1;
      out[o + 1] = c;
      out[o + 2] = lw;
      out[o + 3] = c * lw;
      out[o + 4] = c === 0 ? wc : 0;
      out[o + 5] = (1 - c) * wc;
      out[o + 6] = alone ? 1 : 0;
      out[o + 7] = withX - without;
      out[o + 8] = alone ? 0 : Math.max(-8, lenGain);
      out[o + 9] = alone ? Math.max(-8, lpWhole) : 0;
      out[o + 10] = edge ? 0 : 1;
      out[o + 11] = margin;
    }
    return out;
  }

  /** See DocScorer.gapEvidence: the fitted gap model's odds over the odds of its training data. */
  gapEvidence(b: BeadRange): Float64Array {
    const g = SCORE_PARAMS.gap;
    const F = N_GAP_FEATURES;
    if (g.w.length !== F) throw new Error(`SCORE_PARAMS.gap.w needs ${F} coefficients (bench/fit-gaps.ts)`);
    const prior = Math.log(g.prior / (1 - g.prior));
    const f = this.gapFeatures(b);
    const out = new Float64Array(f.length / F);
    for (let q = 0; q < out.length; q++) {
      let x = 0;
      for (let k = 0; k < F; k++) x += g.w[k] * f[q * F + k];
      out[q] = x - prior;
    }
    return out;
  }

  /** Coverages of a bead (zh by en, en by zh; 0–1, smoothed as in the score). */
  coverages(zIdx: number[], eIdx: number[]): { cz: number; ce: number } {
    const [mz, tz, me, te] = this.coverage(zIdx, eIdx);
    const sm = SCORE_PARAMS.covSmooth;
    return { cz: tz > 0 ? mz / (tz + sm) : 0, ce: te > 0 ? me / (te + sm) : 0 };
  }

  candidatesForEn(j: number, limit: number): number[] {
    const inv = this.buildInverted();
    const es = this.en[j];
    if (this.candAcc.length < this.nZh) {
      this.candAcc = new Float64Array(this.nZh);
      this.candSeen = new Int32Array(this.nZh);
    }
    const acc = this.candAcc;
    const touched = this.candSeen;
    let nt = 0;
    // rare keys are looked up everywhere; frequent ones only near the diagonal
    const center = Math.round(((j + 0.5) * this.nZh) / Math.max(1, this.nEn));
    const half = Math.max(150, Math.ceil(this.nZh * 0.04));
    const wLo = center - half;
    const wHi = center + half;
    for (const t of es.toks) {
      const k = t.key;
      if (k >= inv.idf.length) continue;
      const idf = inv.idf[k];
      if (idf <= 0) continue;
      // postings are sorted by sentence: visit only the window around the expected position
      let a = inv.starts[k];
      let z = inv.starts[k + 1];
      if (z - a > 16) {
        let lo = a;
        let hi = z;
        while (lo < hi) {
          const m = (lo + hi) >>> 1;
          if (inv.items[m] < wLo) lo = m + 1;
          else hi = m;
        }
        a = lo;
        hi = z;
        while (lo < hi) {
          const m = (lo + hi) >>> 1;
          if (inv.items[m] <= wHi) lo = m + 1;
          else hi = m;
        }
        z = lo;
      }
      for (let p = a; p < z; p++) {
        const i = inv.items[p];
        if (acc[i] === 0) touched[nt++] = i;
        acc[i] += idf * t.w;
      }
    }
    // the `limit` best in first-touched order among equals (= a stable sort by value, descending)
    const top: number[] = [];
    const topV: number[] = [];
    for (let q = 0; q < nt; q++) {
      const i = touched[q];
      const v = acc[i];
      acc[i] = 0;
      let pos = top.length;
      while (pos > 0 && topV[pos - 1] < v) pos--;
      if (pos >= limit) continue;
      top.splice(pos, 0, i);
      topV.splice(pos, 0, v);
      if (top.length > limit) {
        top.pop();
        topV.pop();
      }
    }
    return top;
  }

  /** scratch of candidatesForEn: accumulated weight per zh sentence (0 = untouched) and touched list */
  private candAcc = new Float64Array(0);
  private candSeen = new Int32Array(0);

  /** key id → zh sentences containing a translation, for keys that are rare in the zh text. */
  private buildInverted() {
    if (this.inverted) return this.inverted;
    const nKeys = this.lex.keys.length + 1;
    const counts = new Int32Array(nKeys + 1);
    const lastSeen = new Int32Array(nKeys).fill(-1);
    for (let i = 0; i < this.zh.length; i++) {
      for (const k of this.zh[i].lkKey) {
        if (lastSeen[k] !== i) {
          lastSeen[k] = i;
          counts[k]++;
        }
      }
    }
    const maxDf = Math.max(8, Math.ceil(this.zh.length * 0.02));
    const idf = new Float64Array(nKeys);
    const starts = new Int32Array(nKeys + 1);
    let total = 0;
    for (let k = 0; k < nKeys; k++) {
      starts[k] = total;
      if (counts[k] > 0 && counts[k] <= maxDf) {
        idf[k] = Math.log(1 + this.zh.length / counts[k]);
        total += counts[k];
      }
    }
    starts[nKeys] = total;
    const items = new Int32Array(total);
    const fill = starts.slice();
    lastSeen.fill(-1);
    for (let i = 0; i < this.zh.length; i++) {
      for (const k of this.zh[i].lkKey) {
        if (idf[k] > 0 && lastSeen[k] !== i) {
          lastSeen[k] = i;
          items[fill[k]++] = i;
        }
      }
    }
    this.inverted = { starts, items, idf };
    return this.inverted;
  }

  /**
   * Score a bead given by its TEXTS within this document (after a manual edit): sentences whose
   * text is the document's sentence at the given position (`at`, document indices of the bead)
   * are used as they are; edited ones are prepared as temporary sentences with the document's
   * statistics (idf weights, learned translations, length model), and the bead's surroundings
   * (neighbouring sentences, quotation state) are those of its place `at`. Without `at` the
   * texts are looked up in the document; an edited side then has no neighbours.
   */
  scoreTexts(zhTexts: string[], enTexts: string[], at: { zh?: number[]; en?: number[] } = {}): BeadScore {
    const zPos = this.locate(zhTexts, at.zh, "zh");
    const ePos = this.locate(enTexts, at.en, "en");
    const zReal = zPos && zPos.every((i, k) => this.zh[i].text === zhTexts[k]) ? zPos : null;
    const eReal = ePos && ePos.every((j, k) => this.en[j].text === enTexts[k]) ? ePos : null;
    if (zReal && eReal) return this.score(zReal, eReal);
    const nz0 = this.zh.length;
    const ne0 = this.en.length;
    const zIdx = zReal ?? zhTexts.map((t, k) => (this.zh.push(prepareTempZh(this.keys, t, this.df, this.nZh, this.learnedMap)), nz0 + k));
    const eIdx = eReal ?? enTexts.map((t, k) => (this.en.push(prepareTempEn(this.keys, t, this.df, this.nEn)), ne0 + k));
    const zq = this.zhQ;
    const eq = this.enQ;
    try {
      // quotation states: the document's before the bead, the edited texts' own after it
      const zqBefore = zPos && zPos.length && zPos[0] > 0 ? zq[zPos[0] - 1] : 0;
      const eqBefore = ePos && ePos.length && ePos[0] > 0 ? eq[ePos[0] - 1] : 0;
      const zqs = zReal ? null : quoteStates(zhTexts, "zh", zqBefore);
      const eqs = eReal ? null : quoteStates(enTexts, "en", eqBefore);
      this.zhQ = new Uint8Array(this.zh.length);
      this.zhQ.set(zq);
      if (zqs) this.zhQ.set(zqs, nz0);
      this.enQ = new Uint8Array(this.en.length);
      this.enQ.set(eq);
      if (eqs) this.enQ.set(eqs, ne0);
      const out = (pos: number[] | null, n: number) =>
        pos && pos.length ? [Math.min(...pos) - 1, Math.max(...pos) + 1].filter((x) => x >= 0 && x < n && !pos.includes(x)) : [];
      this.ctx = {
        zOut: out(zPos, nz0),
        eOut: out(ePos, ne0),
        zqBefore,
        eqBefore,
        zqAfter: zqs ? zqs[zqs.length - 1] ?? zqBefore : this.zhQ[Math.max(...zIdx)],
        eqAfter: eqs ? eqs[eqs.length - 1] ?? eqBefore : this.enQ[Math.max(...eIdx)],
      };
      return this.score(zIdx, eIdx);
    } finally {
      this.ctx = null;
      this.zh.length = nz0;
      this.en.length = ne0;
      this.zhQ = zq;
      this.enQ = eq;
      // cached pair evidence may involve the temporary sentences
      this.pairs.clear();
    }
  }

  /** Document positions of a bead side: `at` when given, else the first contiguous exact match. */
  private locate(texts: string[], at: number[] | undefined, side: "zh" | "en"): number[] | null {
    const sents: { text: string }[] = side === "zh" ? this.zh : this.en;
    if (at) return at.every((k) => k >= 0 && k < sents.length) ? at : null;
    if (!texts.length) return [];
    for (let k = 0; k + texts.length <= sents.length; k++) {
      if (sents[k].text !== texts[0]) continue;
      if (texts.every((t, q) => sents[k + q].text === t)) return texts.map((_, q) => k + q);
    }
    return null;
  }

  score(zIdx: number[], eIdx: number[]): BeadScore {
    const parts = this.parts(zIdx, eIdx);
    return { score: calibrate(parts), parts };
  }

  parts(zIdx: number[], eIdx: number[]): ScoreParts {
    // the bead's pair evidence with links, computed once: the masks go to the pair cache so that
    // the coverages below read them instead of computing every pair twice
    const pairLinks: [number, number, number][][] = [];
    for (let a = 0; a < zIdx.length; a++)
      for (let b = 0; b < eIdx.length; b++) {
        pairLinks.push(this.pairs.links(zIdx[a], eIdx[b]));
      }
    const [mz, tz, me, te] = this.coverage(zIdx, eIdx);
    // per-sentence coverages inside the bead from the same call (= coverage([i], eIdx) and
    // coverage(zIdx, [j]): the same masks OR-ed in the same order) for structure()
    const inZ = Array.from(zIdx, (_, a) => this.cov.sentZ[a]);
    const inE = Array.from(eIdx, (_, b) => this.cov.sentE[b]);
    const s = SCORE_PARAMS.covSmooth;
    const pairs: MatchedPair[] = [];
    let numTotal = 0;
    let numMatched = 0;
    let nameTotal = 0;
    // (sentence, token) keys as numbers: sentence · 2³² + token
    const nameMatched = new Set<number>();
    let nameWeight = 0;
    const rareEn = new Set<number>();
    const numMatchedZ = new Set<number>();
    const numMatchedE = new Set<number>();
    for (let a = 0; a < zIdx.length; a++) {
      for (const t of this.zh[zIdx[a]].toks) if (t.kind === K_NUMBER) numTotal++;
    }
    for (let b = 0; b < eIdx.length; b++) {
      for (const t of this.en[eIdx[b]].toks) {
        if (t.kind === K_NUMBER) numTotal++;
        if (t.segs) nameTotal++;
      }
    }
    for (let a = 0; a < zIdx.length; a++) {
      const zs = this.zh[zIdx[a]];
      for (let b = 0; b < eIdx.length; b++) {
        const es = this.en[eIdx[b]];
        const links = pairLinks[a * eIdx.length + b];
        for (const [ti, bi, kind] of links) {
          const et = es.toks[bi];
          let zStart: number;
          let zEnd: number;
          if (ti < 0) {
            zStart = -1 - ti;
            zEnd = zStart + 1;
          } else {
            zStart = zs.toks[ti].start;
            zEnd = zs.toks[ti].end;
          }
          if (kind === K_NAME) {
            // widen to the whole pinyin span
            const span = findName(zs, et.segs!);
            if (span) {
              zStart = span[0];
              zEnd = span[1];
            }
            if (!nameMatched.has(b * PAIR_KEY + bi)) nameWeight += et.w;
            nameMatched.add(b * PAIR_KEY + bi);
          }
          if (kind === K_NUMBER) {
            numMatchedZ.add(a * PAIR_KEY + ti);
            numMatchedE.add(b * PAIR_KEY + bi);
          }
          const special = kind === K_NAME || kind === K_NUMBER || (et.start > 0 && /^[A-Z]/.test(et.text));
          if (special && et.df <= 1 && (ti < 0 || zs.toks[ti].df <= 2)) rareEn.add(b * PAIR_KEY + bi);
          const dup = pairs.some(
            (p) => p.zhSentence === a && p.enSentence === b && p.zhStart === zStart && p.enStart === et.start,
          );
          if (dup) continue;
          pairs.push({
            kind: KIND_NAMES[kind],
            zhSentence: a,
            zhStart: zStart,
            zhEnd: zEnd,
            zhText: zs.text.slice(zStart, zEnd),
            enSentence: b,
            enStart: et.start,
            enEnd: et.end,
            enText: et.text,
          });
        }
      }
    }
    numMatched = numMatchedZ.size + numMatchedE.size;
    let lz = 0;
    let le = 0;
    for (const i of zIdx) lz += this.zh[i].len;
    for (const j of eIdx) le += this.en[j].len;
    const lenScore = Math.exp(zIdx.length && eIdx.length ? this.length.logDensity(lz, le) : 0);
    return {
      coverageZhEn: tz > 0 ? mz / (tz + s) : 0,
      coverageEnZh: te > 0 ? me / (te + s) : 0,
      numbers: { matched: numMatched, total: numTotal, score: numTotal ? numMatched / numTotal : null },
      names: { matched: nameMatched.size, total: nameTotal, score: nameTotal ? nameMatched.size / nameTotal : null },
      evidence: { zhMatched: mz, zhTotal: tz, enMatched: me, enTotal: te, nameWeight, rare: rareEn.size, ...this.structure(zIdx, eIdx, inZ, inE) },
      length: { zhChars: lz, enChars: le, ratio: lz > 0 ? le / lz : 0, expected: this.length.ratio, score: lenScore },
      pairs,
    };
  }

  /** Punctuation / quotation agreement of a bead (see ScoreParts.evidence). */
  private structure(
    zIdx: number[],
    eIdx: number[],
    inZ: number[] | null = null,
    inE: number[] | null = null,
  ): { punctMismatch: number; quoteBoundary: number; weakest: number; neighbour: number } {
    let pz = 0;
    let pe = 0;
    for (const i of zIdx) pz |= this.zh[i].punct;
    for (const j of eIdx) pe |= this.en[j].punct;
    const x = pz ^ pe;
    const punctMismatch = (x & 1) + ((x >> 1) & 1) + ((x >> 2) & 1);
    let quoteBoundary = 0;
    if (zIdx.length && eIdx.length) {
      const zMin = Math.min(...zIdx);
      const eMin = Math.min(...eIdx);
      const zMax = Math.max(...zIdx);
      const eMax = Math.max(...eIdx);
      const before = (q: Uint8Array, k: number) => (k > 0 ? q[k - 1] : 0);
      const c = this.ctx;
      if ((c ? c.zqBefore : before(this.zhQ, zMin)) !== (c ? c.eqBefore : before(this.enQ, eMin))) quoteBoundary++;
      if ((c ? c.zqAfter : this.zhQ[zMax]) !== (c ? c.eqAfter : this.enQ[eMax])) quoteBoundary++;
    }
    // per-sentence support inside the bead and support of the sentences just outside it
    const sm = SCORE_PARAMS.covSmooth;
    const zCov = (i: number) => {
      const c = this.coverage([i], eIdx);
      return c[1] > 0 ? c[0] / (c[1] + sm) : 0;
    };
    const eCov = (j: number) => {
      const c = this.coverage(zIdx, [j]);
      return c[3] > 0 ? c[2] / (c[3] + sm) : 0;
    };
    let weakest = 1;
    let neighbour = 0;
    if (zIdx.length && eIdx.length) {
      // inZ / inE: matched weights of the bead's sentences (see parts), else computed here
      for (let a = 0; a < zIdx.length; a++) {
        const t = this.zh[zIdx[a]].totalW;
        if (t > 0) weakest = Math.min(weakest, inZ ? inZ[a] / (t + sm) : zCov(zIdx[a]));
      }
      for (let b = 0; b < eIdx.length; b++) {
        const t = this.en[eIdx[b]].totalW;
        if (t > 0) weakest = Math.min(weakest, inE ? inE[b] / (t + sm) : eCov(eIdx[b]));
      }
      const zMin = Math.min(...zIdx);
      const zMax = Math.max(...zIdx);
      const eMin = Math.min(...eIdx);
      const eMax = Math.max(...eIdx);
      if (this.ctx) {
        for (const i of this.ctx.zOut) neighbour = Math.max(neighbour, zCov(i));
        for (const j of this.ctx.eOut) neighbour = Math.max(neighbour, eCov(j));
      } else {
        if (zMin > 0 && !zIdx.includes(zMin - 1)) neighbour = Math.max(neighbour, zCov(zMin - 1));
        if (zMax + 1 < this.nZh) neighbour = Math.max(neighbour, zCov(zMax + 1));
        if (eMin > 0) neighbour = Math.max(neighbour, eCov(eMin - 1));
        if (eMax + 1 < this.nEn) neighbour = Math.max(neighbour, eCov(eMax + 1));
      }
    } else weakest = 0;
    return { punctMismatch, quoteBoundary, weakest, neighbour };
  }

  /**
   * IBM-Model-1-style in-document learning: EM over the first-pass beads with a
   * dictionary prior; confident new (zh word, English key) pairs become "learned" links.
   */
  learn(beads: { zh: number[]; en: number[] }[]): void {
    const usable = beads.filter((b) => b.zh.length > 0 && b.en.length > 0 && b.zh.length + b.en.length <= 4);
    const step = Math.max(1, Math.ceil(usable.length / 2500));
    const sample = usable.filter((_, k) => k % step === 0);
    if (sample.length < 10) return;
    // vocab of zh words
    const zIds = new Map<string, number>();
    const zFreq: number[] = [];
    const eFreq = new Map<number, number>();
    const data: { z: number[]; e: number[] }[] = [];
    for (const b of sample) {
      const z: number[] = [];
      for (const i of b.zh)
        for (const t of this.zh[i].toks) {
          if (t.kind !== K_LEX) continue;
          let id = zIds.get(t.text);
          if (id === undefined) {
            id = zFreq.length;
            zIds.set(t.text, id);
            zFreq.push(0);
          }
          z.push(id);
        }
      const e: number[] = [];
      for (const j of b.en) for (const t of this.en[j].toks) if (t.kind === K_LEX) e.push(t.key);
      for (const id of new Set(z)) zFreq[id]++;
      for (const k of new Set(e)) eFreq.set(k, (eFreq.get(k) ?? 0) + 1);
      if (z.length && e.length) data.push({ z, e });
    }
    const zWords: string[] = [];
    for (const [w, id] of zIds) zWords[id] = w;
    const dictSet = (zid: number): Int32Array => this.keys.candidates(zWords[zid]);
    // co-occurrence counts per zh word (Map per word, in first-seen order)
    const co: Map<number, number>[] = zWords.map(() => new Map());
    for (const { z, e } of data)
      for (const zi of new Set(z)) for (const ek of new Set(e)) co[zi].set(ek, (co[zi].get(ek) ?? 0) + 1);
    // every (zh word, en key) pair that co-occurs gets a slot (contiguous per zh word): t(e|z) and
    // the EM counts live in flat arrays instead of Maps (t's support never grows beyond co)
    const slotStart = new Int32Array(zWords.length + 1);
    for (let zi = 0; zi < zWords.length; zi++) slotStart[zi + 1] = slotStart[zi] + co[zi].size;
    const nSlots = slotStart[zWords.length];
    const slotZ = new Int32Array(nSlots);
    const slotE = new Int32Array(nSlots);
    const slotCo = new Float64Array(nSlots);
    const tVal = new Float64Array(nSlots);
    const slotOf: Map<number, number>[] = [];
    for (let zi = 0; zi < zWords.length; zi++) {
      const d = dictSet(zi);
      const m = new Map<number, number>();
      let sl = slotStart[zi];
      for (const [ek, c] of co[zi]) {
        let inDict = false;
        for (let q = 0; q < d.length; q++) if (d[q] === ek) inDict = true;
        slotZ[sl] = zi;
        slotE[sl] = ek;
        slotCo[sl] = c;
        tVal[sl] = inDict ? 1 : 0.05;
        m.set(ek, sl++);
      }
      slotOf.push(m);
    }
    // per bead: slot of (e[x], z[y]) at x·|z| + y
    const beadSlots = data.map(({ z, e }) => {
      const out = new Int32Array(z.length * e.length);
      for (let x = 0; x < e.length; x++) for (let y = 0; y < z.length; y++) out[x * z.length + y] = slotOf[z[y]].get(e[x])!;
      return out;
    });
    const NULL_P = 0.2;
    const cVal = new Float64Array(nSlots);
    const cSet = new Uint8Array(nSlots);
    const order = new Int32Array(nSlots);
    const tot = new Float64Array(zWords.length);
    let nOrder = 0;
    for (let it = 0; it < 3; it++) {
      cVal.fill(0);
      cSet.fill(0);
      nOrder = 0;
      for (let d = 0; d < data.length; d++) {
        const { z, e } = data[d];
        const bs = beadSlots[d];
        const nz = z.length;
        for (let x = 0; x < e.length; x++) {
          const base = x * nz;
          let den = NULL_P;
          for (let y = 0; y < nz; y++) den += tVal[bs[base + y]];
          for (let y = 0; y < nz; y++) {
            const sl = bs[base + y];
            const v = tVal[sl] / den;
            if (v > 0) {
              if (cSet[sl] === 0) {
                cSet[sl] = 1;
                order[nOrder++] = sl;
              }
              cVal[sl] += v;
            }
          }
        }
      }
      // normalise per zh word, summing in first-count order (as the former Map iteration)
      tot.fill(0);
      for (let k = 0; k < nOrder; k++) tot[slotZ[order[k]]] += cVal[order[k]];
      tVal.fill(0);
      for (let k = 0; k < nOrder; k++) {
        const sl = order[k];
        const tz = tot[slotZ[sl]];
        if (tz > 0) tVal[sl] = cVal[sl] / tz;
      }
    }
    const learned = new Map<string, number[]>();
    for (let zi = 0; zi < zWords.length; zi++) {
      if (!(tot[zi] > 0)) continue;
      const d = dictSet(zi);
      for (let sl = slotStart[zi]; sl < slotStart[zi + 1]; sl++) {
        if (cSet[sl] === 0) continue;
        const ek = slotE[sl];
        const p = tVal[sl];
        const c = slotCo[sl];
        if (c < 2 || p < 0.3) continue;
        const fz = zFreq[zi];
        const fe = eFreq.get(ek) ?? 0;
        // Dice-style check against common words co-occurring by chance
        if ((2 * c) / (fz + fe) < 0.5) continue;
        let inDict = false;
        for (let q = 0; q < d.length; q++) if (d[q] === ek) inDict = true;
        if (inDict) continue;
        const l = learned.get(zWords[zi]) ?? [];
        l.push(ek); // order within l is irrelevant: sorted below
        learned.set(zWords[zi], l);
      }
    }
    this.learnedPairs = 0;
    this.learnedMap = new Map([...learned].map(([w, l]) => [w, Int32Array.from(l).sort()]));
    for (const s of this.zh) {
      let changed = false;
      for (const tok of s.toks) {
        const l = this.learnedMap.get(tok.text);
        if (l && tok.kind === K_LEX) {
          tok.learned = l; // shared, read-only (as in prepTempZh)
          changed = true;
          this.learnedPairs++;
        }
      }
      if (changed) indexKeys(s);
    }
    this.pairs.clear();
    this.length.fit(beads);
  }

  get learnedCount(): number {
    return this.learnedPairs;
  }

}

export const lexicalScorer: ScorerFactory = {
  name: "lexical",
  prepare(zh: string[], en: string[]) {
    return new LexicalDocScorer(zh, en);
  },
};

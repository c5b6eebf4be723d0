/**
 * Coverage of a bead: the weighted share of each side's tokens matched by ANY sentence of the other
 * side, so that beads of every shape are scored on the same 0–1 scale; and the search's similarity.
 */
import { fillPair, type PairCache, type PairRing } from "./evidence";
import { SCORE_PARAMS } from "./params";
import { sentenceColumns, type SentenceColumns } from "./columns";
import type { BeadTally } from "./features";
import type { EnSent, ZhSent } from "./sentences";

/** Sum of the weights w[base + token] of the tokens whose bits are set in mask[off .. off + words). */
function popWeightOf(mask: Uint32Array, off: number, words: number, w: Float64Array, base: number): number {
  let s = 0;
  for (let k = 0; k < words; k++) {
    let v = mask[off + k];
    while (v !== 0) {
      const b = 31 - Math.clz32(v & -v);
      s += w[base + k * 32 + b];
      v &= v - 1;
    }
  }
  return s;
}

/** Sum of the weights of the tokens whose bits are set in mask[off .. off + words). */
function popWeight(mask: Uint32Array, off: number, words: number, toks: { w: number }[]): number {
  let s = 0;
  for (let k = 0; k < words; k++) {
    let v = mask[off + k];
    while (v !== 0) {
      const b = 31 - Math.clz32(v & -v);
      s += toks[k * 32 + b].w;
      v &= v - 1;
    }
  }
  return s;
}

/**
 * Matched and total weights of a bead's two sides (mz of tz, me of te) and per sentence of the bead
 * (in the order given) its matched weight and whether any pair with the other side had evidence.
 * One instance per document, overwritten by every tally (no allocation per bead).
 */
export class Coverage {
  mz = 0;
  tz = 0;
  me = 0;
  te = 0;
  sentZ = new Float64Array(8);
  anyZ = new Uint8Array(8);
  sentE = new Float64Array(8);
  anyE = new Uint8Array(8);
  private zIdx = new Int32Array(8);
  private eIdx = new Int32Array(8);
  private readonly masks: Uint32Array[] = [];
  private acc = new Uint32Array(64);
  private pairBuf = new Uint32Array(64);
  /** SCORE_PARAMS read once (the anchor search calls simPair for millions of pairs) */
  private readonly smooth = SCORE_PARAMS.covSmooth;
  private readonly simMean = SCORE_PARAMS.simMean;

  constructor(
    private readonly zh: ZhSent[],
    private readonly en: EnSent[],
    private readonly pairs: PairCache,
  ) {}

  /** Tally of the bead zh[z0, z1) × en[e0, e1). */
  ofRange(z0: number, z1: number, e0: number, e1: number): this {
    if (this.zIdx.length < z1 - z0 || this.eIdx.length < e1 - e0) {
      this.zIdx = new Int32Array(Math.max(z1 - z0, e1 - e0) * 2);
      this.eIdx = new Int32Array(this.zIdx.length);
    }
    for (let a = z0; a < z1; a++) this.zIdx[a - z0] = a;
    for (let b = e0; b < e1; b++) this.eIdx[b - e0] = b;
    return this.of(this.zIdx, z1 - z0, this.eIdx, e1 - e0);
  }

  /** Tally of the sentences zIdx[0, nz) × eIdx[0, ne) (any sets). */
  of(zIdx: ArrayLike<number>, nz: number, eIdx: ArrayLike<number>, ne: number): this {
    if (this.sentZ.length < nz || this.sentE.length < ne) this.grow(Math.max(nz, ne) * 2);
    // each pair's bitsets are read by both sides' tallies: look them up once
    for (let a = 0; a < nz; a++) for (let b = 0; b < ne; b++) this.masks[a * ne + b] = this.pairs.get(zIdx[a], eIdx[b]);
    this.mz = this.tz = 0;
    for (let a = 0; a < nz; a++) {
      const zs = this.zh[zIdx[a]];
      this.tz += zs.totalW;
      this.mz += this.sentZ[a] = this.matched(zs.toks, zs.words, a * ne, 1, ne, 0);
      this.anyZ[a] = this.any;
    }
    this.me = this.te = 0;
    for (let b = 0; b < ne; b++) {
      const es = this.en[eIdx[b]];
      this.te += es.totalW;
      this.me += this.sentE[b] = this.matched(es.toks, es.words, b, ne, nz, -1);
      this.anyE[b] = this.any;
    }
    return this;
  }

  /** whether the last `matched` call found evidence in any pair */
  private any = 0;

  /**
   * Weight of a sentence's tokens matched in any of its n pairs (masks[first + k·step]); its bits
   * start at word 0 of each mask (zhOff 0) or after the Chinese words (zhOff −1).
   */
  private matched(toks: { w: number }[], words: number, first: number, step: number, n: number, zhOff: number): number {
    if (this.acc.length < words) this.acc = new Uint32Array(words * 2);
    const acc = this.acc;
    acc.fill(0, 0, words);
    this.any = 0;
    for (let k = 0; k < n; k++) {
      const m = this.masks[first + k * step];
      if (m.length === 0) continue;
      this.any = 1;
      const off = zhOff === 0 ? 0 : m.length - words;
      for (let q = 0; q < words; q++) acc[q] |= m[off + q];
    }
    return this.any ? popWeight(acc, 0, words, toks) : 0;
  }

  private grow(n: number): void {
    this.sentZ = new Float64Array(n);
    this.anyZ = new Uint8Array(n);
    this.sentE = new Float64Array(n);
    this.anyE = new Uint8Array(n);
  }

  /** Smoothed share of a side's weight t matched (m): 0–1. */
  share(m: number, t: number): number {
    return m / (t + this.smooth);
  }

  /** The search's similarity of a bead from its matched (m) and total (t) weights per side. */
  similarity(mz: number, tz: number, me: number, te: number): number {
    const cz = this.share(mz, tz);
    const ce = this.share(me, te);
    const mu = this.simMean;
    return (1 - mu) * Math.min(cz, ce) + mu * 0.5 * (cz + ce);
  }

  /** similarity of zh[z0, z1) × en[e0, e1) */
  sim(z0: number, z1: number, e0: number, e1: number): number {
    this.ofRange(z0, z1, e0, e1);
    return this.similarity(this.mz, this.tz, this.me, this.te);
  }

  /** similarity of the pair (i, j) without the pair cache (the same value, no allocation) */
  simPair(i: number, j: number): number {
    const zs = this.zh[i];
    const es = this.en[j];
    const zw = zs.words;
    const ew = es.words;
    if (this.pairBuf.length < zw + ew) this.pairBuf = new Uint32Array((zw + ew) * 2);
    const buf = this.pairBuf;
    buf.fill(0, 0, zw + ew);
    const hit = fillPair(zs, es, null, buf, 0);
    // token weights from the columns (the anchor search calls this for millions of pairs)
    const zc = sentenceColumns(this.zh);
    const ec = sentenceColumns(this.en);
    const mz = hit ? popWeightOf(buf, 0, zw, zc.tokW, zc.tokAt[i]) : 0;
    const me = hit ? popWeightOf(buf, zw, ew, ec.tokW, ec.tokAt[j]) : 0;
    return this.similarity(mz, 0 + zs.totalW, me, 0 + es.totalW);
  }
}

/**
 * The search's coverage of the sentences of one side ending at a node (p = 1..P back) by the other
 * side's last k sentences (k = 1..K), grown one sentence of the other side at a time and kept for
 * the node: the same values as Coverage.of gives for those sentences.
 */
export class GrowingCoverage {
  /** matched weight and whether any pair had evidence, of sentence p against k sentences at p·stride + k */
  private readonly val: Float64Array;
  private readonly anyEv: Uint8Array;
  /** per sentence p: up to which k it is computed, and the OR of its bitsets so far */
  private readonly upTo: Int32Array;
  private readonly acc: Uint32Array[];
  private readonly stride: number;
  /** this side's total and token weights (see SentenceColumns) */
  private readonly tot: Float64Array;
  private readonly tokW: Float64Array;
  private readonly tokAtOf: Int32Array;
  /** the node */
  private i = 0;
  private j = 0;

  constructor(
    private readonly zhSide: boolean,
    P: number,
    K: number,
    private readonly zh: ZhSent[],
    private readonly en: EnSent[],
    private readonly ring: PairRing,
    cols: SentenceColumns,
  ) {
    this.stride = K + 1;
    this.val = new Float64Array((P + 1) * this.stride);
    this.anyEv = new Uint8Array((P + 1) * this.stride);
    this.upTo = new Int32Array(P + 1);
    this.acc = Array.from({ length: P + 1 }, () => new Uint32Array(8));
    this.tot = cols.tot;
    this.tokW = cols.tokW;
    this.tokAtOf = cols.tokAt;
  }

  /** A new node (i, j): nothing computed yet. */
  reset(i: number, j: number): void {
    this.i = i;
    this.j = j;
    for (let p = 0; p < this.upTo.length; p++) this.upTo[p] = 0;
  }

  /** Adds the side's last n sentences (in document order), each covered by the other side's last k, to the tally. */
  addTo(t: BeadTally, n: number, k: number): void {
    const end = this.zhSide ? this.i : this.j;
    for (let p = n; p >= 1; p--) {
      if (this.upTo[p] < k) this.grow(p, k);
      const at = p * this.stride + k;
      t.sentence(this.zhSide, this.val[at], this.tot[end - p], this.anyEv[at] === 1, n >= 2);
    }
  }

  /** Computes sentence p against the other side's last upTo[p] + 1 .. k sentences. */
  private grow(p: number, k: number): void {
    const zhSide = this.zhSide;
    const at = zhSide ? this.i - p : this.j - p;
    const own = zhSide ? this.zh[at] : this.en[at];
    const words = own.words;
    const tokW = this.tokW;
    const tokAt = this.tokAtOf[at];
    let acc = this.acc[p];
    if (acc.length < words) acc = this.acc[p] = new Uint32Array(words * 2);
    let q = this.upTo[p];
    if (q === 0) for (let x = 0; x < words; x++) acc[x] = 0; // (a loop: words is mostly 1)
    const base = p * this.stride;
    const val = this.val;
    const anyEv = this.anyEv;
    while (q < k) {
      q++;
      const r = zhSide ? this.i - p : this.i - q;
      const mo = this.ring.mask(r, zhSide ? this.j - q : this.j - p);
      if (mo < 0) {
        val[base + q] = q > 1 ? val[base + q - 1] : 0;
        anyEv[base + q] = q > 1 ? anyEv[base + q - 1] : 0;
        continue;
      }
      // an English sentence's bits follow the Chinese sentence's words
      const off = zhSide ? mo : mo + this.zh[r].words;
      const m = this.ring.slab;
      for (let x = 0; x < words; x++) acc[x] |= m[off + x];
      val[base + q] = popWeightOf(acc, 0, words, tokW, tokAt);
      anyEv[base + q] = 1;
    }
    this.upTo[p] = q;
  }
}

/**
 * Evidence between two sentences: which tokens of each side have a counterpart on the other side
 * (a dictionary or learned translation, the same number, a romanised name), as bitsets with one
 * bit per token: the Chinese sentence's words first, then the English sentence's. Two stores of
 * pair evidence: PairCache for scoring, PairRing for the search.
 */
import { PairRow } from "../pair-cache";
import { matchNames } from "./names";
import { EMPTY_MASK, type EnSent, type ZhSent } from "./sentences";

/**
 * One matched token pair: [zh token, en token, kind (K_*)]. A name whose characters belong to
 * no token has zh token −1 − (its first char position).
 */
export type Link = [number, number, number];

/** Bit (0..1023) of a key id in a sentence's key filter (ZhSent.lkSig). */
function keyBit(key: number): number {
  return Math.imul(key, 0x9e3779b1) >>> 22;
}

/** 1024-bit filter of a sorted key list: pair look-ups skip the binary search for most absent keys. */
export function keySig(keys: Int32Array): Uint32Array {
  const sig = new Uint32Array(32);
  for (let q = 0; q < keys.length; q++) {
    const h = keyBit(keys[q]);
    sig[h >>> 5] |= 1 << (h & 31);
  }
  return sig;
}

/**
 * Bitsets of the matched tokens of (zs, es) written into mask[off .. off + zs.words + es.words),
 * which must be zero; returns whether there is any evidence. Appends the matched pairs to `links`
 * when given. No allocation: the search's hot path.
 */
export function fillPair(zs: ZhSent, es: EnSent, links: Link[] | null, mask: Uint32Array, off: number): boolean {
  const hit = matchKeys(zs, es, links, mask, off);
  return es.hasNames ? matchNames(zs, es, links, mask, off) || hit : hit;
}

/** English tokens whose key is among the Chinese sentence's keys (translations, learned, numbers). */
function matchKeys(zs: ZhSent, es: EnSent, links: Link[] | null, mask: Uint32Array, off: number): boolean {
  const lk = zs.lkKey;
  const n = lk.length;
  if (n === 0) return false;
  const sig = zs.lkSig;
  const eOff = off + zs.words;
  let hit = false;
  const keys = es.keys;
  for (let b = 0; b < keys.length; b++) {
    const key = keys[b];
    const h = keyBit(key);
    if ((sig[h >>> 5] & (1 << (h & 31))) === 0) continue; // not in lkKey
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (lk[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    for (let p = lo; p < n && lk[p] === key; p++) {
      hit = true;
      const ti = zs.lkTok[p];
      mask[off + (ti >>> 5)] |= 1 << (ti & 31);
      mask[eOff + (b >>> 5)] |= 1 << (b & 31);
      if (links) links.push([ti, b, zs.lkKind[p]]);
    }
  }
  return hit;
}

/**
 * Pair evidence of a document for scoring, cached per pair: one row per Chinese sentence, indexed
 * by English sentence (see PairRow). Pairs without evidence share EMPTY_MASK.
 */
export class PairCache {
  private rows: (PairRow<Uint32Array> | undefined)[] = [];
  private buf = new Uint32Array(64);

  /** The document's sentence lists (the same arrays: edited sentences are appended for a while). */
  constructor(
    private readonly zh: ZhSent[],
    private readonly en: EnSent[],
  ) {}

  /** Bitsets of matched tokens of the pair (i, j): [zh words..., en words...]. */
  get(i: number, j: number): Uint32Array {
    const row = (this.rows[i] ??= new PairRow());
    let m = row.get(j);
    if (!m) row.set(j, (m = this.compute(i, j, null)));
    return m;
  }

  /** The matched token pairs of (i, j); caches the pair's bitsets when they are not cached yet. */
  links(i: number, j: number): Link[] {
    const links: Link[] = [];
    const m = this.compute(i, j, links);
    const row = (this.rows[i] ??= new PairRow());
    if (!row.get(j)) row.set(j, m);
    return links;
  }

  /** Free cached pairs of zh rows < i (a search never looks back further than a few rows). */
  releaseBefore(i: number): void {
    if (i > this.zh.length) {
      this.rows = [];
      return;
    }
    // the last 64 rows, and further back until a row that is already free (searches call this
    // only every few hundred rows)
    for (let r = i - 1; r >= 0 && (r >= i - 64 || this.rows[r] !== undefined); r--) this.rows[r] = undefined;
  }

  clear(): void {
    this.rows = [];
  }

  private compute(i: number, j: number, links: Link[] | null): Uint32Array {
    const n = this.zh[i].words + this.en[j].words;
    if (this.buf.length < n) this.buf = new Uint32Array(n * 2);
    this.buf.fill(0, 0, n);
    return fillPair(this.zh[i], this.en[j], links, this.buf, 0) ? this.buf.slice(0, n) : EMPTY_MASK;
  }
}

/**
 * Pair evidence for the search: a ring of the last A Chinese rows, each a slab of bitsets indexed
 * by English column (idx: 0 = not computed, −1 = no evidence, else offset + 1); no per-pair objects.
 */
export class PairRing {
  private readonly rows: Int32Array;
  private readonly idx: Int32Array[];
  private readonly slabs: Uint32Array[];
  private readonly used: Int32Array;
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;
  /** the slab of the last mask() call */
  slab: Uint32Array;

  constructor(
    private readonly zh: ZhSent[],
    private readonly en: EnSent[],
    private readonly A: number,
  ) {
    this.rows = new Int32Array(A).fill(-1);
    this.idx = Array.from({ length: A }, () => new Int32Array(en.length + 1));
    this.slabs = Array.from({ length: A }, () => new Uint32Array(1024));
    this.used = new Int32Array(A);
    this.lo = new Int32Array(A).fill(en.length + 1);
    this.hi = new Int32Array(A).fill(-1);
    this.slab = this.slabs[0];
  }

  /** Offset of the bitsets of pair (r, c) in this.slab, or −1 when the pair has no evidence. */
  mask(r: number, c: number): number {
    const slot = r % this.A;
    if (this.rows[slot] !== r) this.reuse(slot, r);
    let v = this.idx[slot][c];
    if (v === 0) v = this.compute(slot, r, c);
    this.slab = this.slabs[slot];
    return v - 1;
  }

  private reuse(slot: number, r: number): void {
    if (this.hi[slot] >= 0) this.idx[slot].fill(0, this.lo[slot], this.hi[slot] + 1);
    this.rows[slot] = r;
    this.used[slot] = 0;
    this.lo[slot] = this.en.length + 1;
    this.hi[slot] = -1;
  }

  private compute(slot: number, r: number, c: number): number {
    const len = this.zh[r].words + this.en[c].words;
    let slab = this.slabs[slot];
    const u = this.used[slot];
    if (u + len > slab.length) {
      const bigger = new Uint32Array(Math.max(slab.length * 2, u + len));
      bigger.set(slab.subarray(0, u));
      slab = this.slabs[slot] = bigger;
    }
    slab.fill(0, u, u + len);
    let v = -1;
    if (fillPair(this.zh[r], this.en[c], null, slab, u)) {
      this.used[slot] = u + len;
      v = u + 1;
    }
    this.idx[slot][c] = v;
    if (c < this.lo[slot]) this.lo[slot] = c;
    if (c > this.hi[slot]) this.hi[slot] = c;
    return v;
  }
}

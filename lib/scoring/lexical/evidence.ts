/**
 * Evidence between two sentences: which tokens of each side have a counterpart on the other side
 * (a dictionary or learned translation, the same number, a romanised name), as bitsets with one
 * bit per token: the Chinese sentence's words first, then the English sentence's.
 */
import { PairRow } from "../pair-cache";
import { findName } from "./names";
import { keyBit } from "./prepare";
import { EMPTY_MASK, K_NAME, maskWords, type EnSent, type ZhSent } from "./sentences";
const keyBit_ = keyBit;
const findName_ = findName;
const maskWords_ = maskWords;

/**
 * One matched token pair: [zh token, en token, kind (K_*)]. A name whose characters belong to
 * no token has zh token −1 − (its first char position).
 */
export type Link = [number, number, number];

/**
 * Bitsets of the matched tokens of (zs, es) written into mask[off .. off + zw + ew), which must be
 * zero; returns whether there is any evidence. Appends the matched pairs to `links` when given.
 * No allocation: the search's hot path.
 */
export function fillPair(zs: ZhSent, es: EnSent, links: Link[] | null, mask: Uint32Array, off: number): boolean {
  const zw = maskWords_(zs.toks.length);
  const hit = matchKeys(zs, es, links, mask, off, zw);
  return es.hasNames ? matchNames(zs, es, links, mask, off, zw) || hit : hit;
}

/** English tokens whose key is among the Chinese sentence's keys (translations, learned, numbers). */
function matchKeys(zs: ZhSent, es: EnSent, links: Link[] | null, mask: Uint32Array, off: number, zw: number): boolean {
  const lk = zs.lkKey;
  const n = lk.length;
  if (n === 0) return false;
  const sig = zs.lkSig;
  let hit = false;
  for (let b = 0; b < es.toks.length; b++) {
    const key = es.toks[b].key;
    const h = keyBit_(key);
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
      mask[off + zw + (b >>> 5)] |= 1 << (b & 31);
      if (links) links.push([ti, b, zs.lkKind[p]]);
    }
  }
  return hit;
}

/** English name candidates spelled by characters of the Chinese sentence: the name and the tokens of its span match. */
function matchNames(zs: ZhSent, es: EnSent, links: Link[] | null, mask: Uint32Array, off: number, zw: number): boolean {
  let hit = false;
  for (let b = 0; b < es.toks.length; b++) {
    const t = es.toks[b];
    if (!t.segs) continue;
    const span = findName_(zs, t.segs);
    if (!span) continue;
    hit = true;
    mask[off + zw + (b >>> 5)] |= 1 << (b & 31);
    const ct = zs.charTok!;
    let tokens = 0;
    for (let p = span[0]; p < span[1]; p++) {
      const ti = ct[p];
      if (ti < 0 || ct.indexOf(ti, span[0]) < p) continue; // no token, or one seen at an earlier char
      tokens++;
      mask[off + (ti >>> 5)] |= 1 << (ti & 31);
      if (links) links.push([ti, b, K_NAME]);
    }
    if (tokens === 0 && links) links.push([-1 - span[0], b, K_NAME]);
  }
  return hit;
}

/**
 * Pair evidence of a document, cached per pair: one row per Chinese sentence, indexed by English
 * sentence (see PairRow). Pairs without evidence share EMPTY_MASK.
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
    const n = maskWords_(this.zh[i].toks.length) + maskWords_(this.en[j].toks.length);
    if (this.buf.length < n) this.buf = new Uint32Array(n * 2);
    this.buf.fill(0, 0, n);
    return fillPair(this.zh[i], this.en[j], links, this.buf, 0) ? this.buf.slice(0, n) : EMPTY_MASK;
  }
}

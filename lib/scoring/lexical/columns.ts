/**
 * Per-sentence values of one side of a document as typed arrays, for the search's hot loop
 * (cell-gains.ts, GrowingCoverage): reading them from the sentence and token objects costs a
 * cache miss each on a large document. Built once per sentence list and kept (sentenceColumns).
 */
import type { EnSent, ZhSent } from "./sentences";

export interface SentenceColumns {
  /** length in the side's length unit (ZhSent.len / EnSent.len) */
  len: Float64Array;
  /** total idf weight (totalW), and log(1 + totalW) */
  tot: Float64Array;
  logTot: Float64Array;
  /** punctuation flags */
  punct: Int32Array;
  /** token weights, sentence after sentence: sentence k's tokens from tokAt[k] */
  tokW: Float64Array;
  tokAt: Int32Array;
}

const cache = new WeakMap<(ZhSent | EnSent)[], SentenceColumns>();

/**
 * The columns of a weighed sentence list (token weights are set once, when the document is
 * prepared). Cached per list; rebuilt when sentences were appended since (an edited bead).
 */
export function sentenceColumns(sents: (ZhSent | EnSent)[]): SentenceColumns {
  const known = cache.get(sents);
  if (known && known.len.length === sents.length) return known;
  const n = sents.length;
  const c: SentenceColumns = {
    len: new Float64Array(n),
    tot: new Float64Array(n),
    logTot: new Float64Array(n),
    punct: new Int32Array(n),
    tokW: new Float64Array(0),
    tokAt: new Int32Array(n + 1),
  };
  for (let k = 0; k < n; k++) {
    const x = sents[k];
    c.len[k] = x.len;
    c.tot[k] = x.totalW;
    c.logTot[k] = Math.log1p(x.totalW);
    c.punct[k] = x.punct;
    c.tokAt[k + 1] = c.tokAt[k] + x.toks.length;
  }
  c.tokW = new Float64Array(c.tokAt[n]);
  for (let k = 0; k < n; k++) {
    const toks = sents[k].toks;
    const at = c.tokAt[k];
    for (let t = 0; t < toks.length; t++) c.tokW[at + t] = toks[t].w;
  }
  cache.set(sents, c);
  return c;
}

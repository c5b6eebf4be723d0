/**
 * Candidate Chinese sentences of an English sentence (anchors of the parallel search, comparable
 * mode): those sharing keys that are rare in the Chinese text, ranked by the idf weight shared.
 */
import type { EnSent, ZhSent } from "./sentences";

export class CandidateIndex {
  /** inverted index: the sentences holding key k are items[starts[k] .. starts[k + 1]), ascending */
  private readonly starts: Int32Array;
  private readonly items: Int32Array;
  /** idf of each key in the Chinese text; 0 for keys left out (absent or frequent) */
  private readonly idf: Float64Array;
  /** scratch: accumulated weight per Chinese sentence (0 = untouched) and the touched ones */
  private readonly acc: Float64Array;
  private readonly touched: Int32Array;

  /** Index of the Chinese sentences' keys (ids below nKeys); keys in more than 2% of them are left out. */
  constructor(
    zh: ZhSent[],
    nKeys: number,
    private readonly nEn: number,
  ) {
    const counts = countKeys(zh, nKeys);
    const maxDf = Math.max(8, Math.ceil(zh.length * 0.02));
    this.idf = new Float64Array(nKeys);
    this.starts = new Int32Array(nKeys + 1);
    let total = 0;
    for (let k = 0; k < nKeys; k++) {
      this.starts[k] = total;
      if (counts[k] > 0 && counts[k] <= maxDf) {
        this.idf[k] = Math.log(1 + zh.length / counts[k]);
        total += counts[k];
      }
    }
    this.starts[nKeys] = total;
    this.items = new Int32Array(total);
    const fill = this.starts.slice();
    eachKeyOnce(zh, nKeys, (k, i) => {
      if (this.idf[k] > 0) this.items[fill[k]++] = i;
    });
    this.acc = new Float64Array(zh.length);
    this.touched = new Int32Array(zh.length);
  }

  /** The `limit` best candidates of English sentence j (with its tokens es), best first. */
  candidates(es: EnSent, j: number, limit: number): number[] {
    const nZh = this.acc.length;
    // rare keys are looked up everywhere; frequent ones only near the diagonal
    const center = Math.round(((j + 0.5) * nZh) / Math.max(1, this.nEn));
    const half = Math.max(150, Math.ceil(nZh * 0.04));
    let nt = 0;
    for (const t of es.toks) {
      const k = t.key;
      if (k >= this.idf.length || this.idf[k] <= 0) continue;
      // postings are sorted by sentence: of a long list visit only the window around the diagonal
      let a = this.starts[k];
      let z = this.starts[k + 1];
      if (z - a > 16) {
        a = this.firstAbove(a, z, center - half - 1);
        z = this.firstAbove(a, z, center + half);
      }
      for (let p = a; p < z; p++) {
        const i = this.items[p];
        if (this.acc[i] === 0) this.touched[nt++] = i;
        this.acc[i] += this.idf[k] * t.w;
      }
    }
    return this.best(nt, limit);
  }

  /** First position in items[a, z) holding a sentence > v. */
  private firstAbove(a: number, z: number, v: number): number {
    let lo = a;
    let hi = z;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (this.items[m] <= v) lo = m + 1;
      else hi = m;
    }
    return lo;
  }

  /** The `limit` best touched sentences, first-touched first among equals (= a stable sort by value, descending); clears acc. */
  private best(nt: number, limit: number): number[] {
    const top: number[] = [];
    const topV: number[] = [];
    for (let q = 0; q < nt; q++) {
      const i = this.touched[q];
      const v = this.acc[i];
      this.acc[i] = 0;
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
}

/** Calls f(key, sentence) once for each distinct key of each sentence, in sentence order. */
function eachKeyOnce(zh: ZhSent[], nKeys: number, f: (k: number, i: number) => void): void {
  const lastSeen = new Int32Array(nKeys).fill(-1);
  for (let i = 0; i < zh.length; i++)
    for (const k of zh[i].lkKey) {
      if (lastSeen[k] === i) continue;
      lastSeen[k] = i;
      f(k, i);
    }
}

/** Number of sentences containing each key. */
function countKeys(zh: ZhSent[], nKeys: number): Int32Array {
  const counts = new Int32Array(nKeys + 1);
  eachKeyOnce(zh, nKeys, (k) => counts[k]++);
  return counts;
}

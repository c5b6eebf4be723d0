/**
 * Cache row for per-sentence-pair evidence: one row per Chinese sentence i,
 * indexed by English sentence j. The bead search reads a narrow, slowly moving
 * band of columns per row millions of times, so the band is a dense array
 * (an index instead of a hash lookup); the rare far-away columns (anchor search)
 * go to a small Map so that a row never grows a huge dense array.
 */
const MAX_SPAN = 512;
const LEAD = 8;

export class PairRow<T> {
  private base = 0;
  private items: (T | undefined)[] = [];
  private far: Map<number, T> | null = null;

  get(j: number): T | undefined {
    const k = j - this.base;
    if (k >= 0 && k < this.items.length) return this.items[k];
    return this.far === null ? undefined : this.far.get(j);
  }

  set(j: number, v: T): void {
    const items = this.items;
    if (items.length === 0 && this.far === null) this.base = Math.max(0, j - LEAD);
    let k = j - this.base;
    if (k < 0 && items.length - k <= MAX_SPAN) {
      // grow to the left (rare: the band moves right)
      const pad: (T | undefined)[] = new Array(-k).fill(undefined);
      this.items = pad.concat(items);
      this.base = j;
      k = 0;
    }
    if (k >= 0 && k < MAX_SPAN) {
      const a = this.items;
      while (a.length < k) a.push(undefined);
      if (k === a.length) a.push(v);
      else a[k] = v;
      return;
    }
    (this.far ??= new Map()).set(j, v);
  }
}

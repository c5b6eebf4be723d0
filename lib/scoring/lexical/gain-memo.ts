/**
 * Bead gains kept from one search for the next ones (DocScorer.rememberGains): the aligner's
 * second pass computes the gains of every bead in a band around the first pass's path, and the
 * gap post-pass and the confidence stage look at beads of the same band again. Link-bead gains
 * (a coverage tally each) are stored by node and shape over a window of the lattice; a search
 * that comes to the same bead takes the kept value instead of tallying it again. Only the values
 * are shared: each search still decides by its own pruning which beads it looks at, so its
 * results are those it would compute itself.
 */

export class GainMemo {
  /** row offsets of the window's cells */
  private readonly off: Int32Array;
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;
  /** slot of shape (a, b) at a·SHAPE_KEY + b, −1 when not kept */
  private readonly slotOf: Int32Array;
  private readonly S: number;
  /** gain of the bead of slot s ending at cell c at c·S + s; NaN = not computed yet */
  readonly gains: Float64Array;

  constructor(window: { lo: Int32Array; hi: Int32Array }, shapes: [number, number][]) {
    this.lo = window.lo;
    this.hi = window.hi;
    const n = window.lo.length;
    this.off = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) this.off[i + 1] = this.off[i] + Math.max(0, window.hi[i] - window.lo[i] + 1);
    this.slotOf = new Int32Array(SHAPE_KEY * SHAPE_KEY).fill(-1);
    let S = 0;
    for (const [a, b] of shapes) {
      if (a === 0 || b === 0 || a >= SHAPE_KEY || b >= SHAPE_KEY || this.slotOf[a * SHAPE_KEY + b] >= 0) continue;
      this.slotOf[a * SHAPE_KEY + b] = S++;
    }
    this.S = S;
    this.gains = new Float64Array(this.off[n] * S).fill(NaN);
  }

  /** The memo's slot for each of the given shapes (−1: not kept), for a search's own shape list. */
  slots(shapes: [number, number][]): Int32Array {
    return Int32Array.from(shapes, ([a, b]) => (a > 0 && b > 0 && a < SHAPE_KEY && b < SHAPE_KEY ? this.slotOf[a * SHAPE_KEY + b] : -1));
  }

  /** Index of node (i, j)'s first slot in `gains`, or −1 when the node is outside the window. */
  at(i: number, j: number): number {
    if (i < 0 || i >= this.lo.length || j < this.lo[i] || j > this.hi[i]) return -1;
    return (this.off[i] + j - this.lo[i]) * this.S;
  }
}

/** shapes (a, b) with a, b < SHAPE_KEY can be kept */
const SHAPE_KEY = 8;

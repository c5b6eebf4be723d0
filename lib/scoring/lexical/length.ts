/**
 * Length model: the log ratio of English to Chinese length of a bead is Gaussian around the
 * document's ratio. Refitted from the first pass (fit).
 */
import { SCORE_PARAMS } from "./params";
import type { EnSent, ZhSent } from "./sentences";

export class LengthModel {
  /** expected English chars per Chinese char */
  ratio: number;
  /** spread of the log ratio */
  sigma = SCORE_PARAMS.lenSigma;
  /** 2·sigma², and the smoothing chars (read once: the search calls logDensity for every bead it looks at) */
  private sig2 = 2 * this.sigma * this.sigma;
  private readonly smooth = SCORE_PARAMS.lenSmooth;

  /** `totals`: the document's lengths in characters when not every sentence is prepared (windowed.ts). */
  constructor(
    private readonly zh: ZhSent[],
    private readonly en: EnSent[],
    totals?: { zh: number; en: number },
  ) {
    let lz = 0;
    let le = 0;
    if (totals) ({ zh: lz, en: le } = totals);
    else {
      for (const s of zh) lz += s.len;
      for (const s of en) le += s.len;
    }
    this.ratio = lz > 0 && le > 0 ? le / lz : 3;
  }

  /** Gaussian log-density (up to a constant) of the lengths' smoothed log ratio: −z²/2, 0 = the expected ratio. */
  logDensity(lz: number, le: number): number {
    const d = Math.log((le + this.smooth) / (lz * this.ratio + this.smooth));
    return -(d * d) / this.sig2;
  }

  /** logDensity of the bead zh[z0, z1) × en[e0, e1). */
  ofRange(z0: number, z1: number, e0: number, e1: number): number {
    let lz = 0;
    let le = 0;
    for (let i = z0; i < z1; i++) lz += this.zh[i].len;
    for (let j = e0; j < e1; j++) le += this.en[j].len;
    return this.logDensity(lz, le);
  }

  /** Re-estimate ratio and spread (median absolute deviation) from an alignment's link beads. */
  fit(beads: { zh: number[]; en: number[] }[]): void {
    const logs: number[] = [];
    let lz = 0;
    let le = 0;
    for (const b of beads) {
      if (!b.zh.length || !b.en.length) continue;
      const z = b.zh.reduce((s, i) => s + this.zh[i].len, 0);
      const e = b.en.reduce((s, j) => s + this.en[j].len, 0);
      lz += z;
      le += e;
      logs.push(Math.log((e + 12) / (z + 12)));
    }
    if (logs.length < 20 || lz === 0) return;
    this.ratio = le / lz;
    const mu = Math.log(this.ratio);
    const dev = logs.map((x) => Math.abs(x - mu)).sort((a, b) => a - b);
    const mad = dev[dev.length >> 1] * 1.4826;
    this.sigma = Math.min(0.6, Math.max(0.22, mad * 1.1));
    this.sig2 = 2 * this.sigma * this.sigma;
  }
}

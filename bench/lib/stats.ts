// Latency statistics for the benchmarks: nearest-rank percentiles (the value below which
// p % of the samples fall, always one of the samples, no interpolation) and a one-line summary.

/** The p-th percentile (0 < p ≤ 100) of xs by the nearest-rank method; NaN for no samples. */
export function percentile(xs: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1];
}

export interface LatencySummary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(xs: readonly number[]): LatencySummary {
  if (xs.length === 0) return { n: 0, mean: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN };
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.ceil((p / 100) * sorted.length) - 1];
  return {
    n: xs.length,
    mean: xs.reduce((s, x) => s + x, 0) / xs.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: sorted[sorted.length - 1],
  };
}

const ms = (x: number) => (Number.isNaN(x) ? "–" : `${x.toFixed(x < 10 ? 1 : 0)}`);

export function formatSummary(s: LatencySummary): string {
  if (s.n === 0) return "no samples";
  return `p50 ${ms(s.p50)} ms, p95 ${ms(s.p95)} ms, p99 ${ms(s.p99)} ms, max ${ms(s.max)} ms, mean ${ms(s.mean)} ms (n=${s.n})`;
}

/** Counts by key, in first-seen order. */
export class Tally {
  readonly counts = new Map<string, number>();
  add(key: string, n = 1) {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }
  get total(): number {
    let t = 0;
    for (const v of this.counts.values()) t += v;
    return t;
  }
}

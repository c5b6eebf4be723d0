// Ranking statistics and a small logistic regression for the score and confidence benchmarks.

/** ROC-AUC of scores separating positives (higher) from negatives: rank-sum, ties averaged. */
export function auc(pos: number[], neg: number[]): number {
  const all = [...pos.map((s) => [s, 1] as const), ...neg.map((s) => [s, 0] as const)].sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  for (let k = 0; k < all.length; ) {
    let e = k;
    while (e + 1 < all.length && all[e + 1][0] === all[k][0]) e++;
    const r = (k + e) / 2 + 1;
    for (let q = k; q <= e; q++) if (all[q][1] === 1) rankSum += r;
    k = e + 1;
  }
  return (rankSum - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length);
}

/**
 * The lowest `share` of items by score (ties at the cut shared out in proportion, so the figure
 * does not depend on the order of equal scores): how many wrong items fall in it, as a share of
 * all wrong items (recall) and of the items read (precision).
 */
export function lowestShare(items: { score: number; wrong: boolean }[], share: number): { recall: number; precision: number; read: number; wrongFound: number; wrong: number } {
  const sorted = [...items].sort((a, b) => a.score - b.score);
  const read = Math.round(share * sorted.length);
  const wrong = sorted.filter((x) => x.wrong).length;
  let found = 0;
  let k = 0;
  while (k < read) {
    // the group of equal scores starting at k
    let e = k;
    while (e + 1 < sorted.length && sorted[e + 1].score === sorted[k].score) e++;
    const group = sorted.slice(k, e + 1);
    const take = Math.min(group.length, read - k);
    const w = group.filter((x) => x.wrong).length;
    found += (w * take) / group.length;
    k = e + 1;
  }
  return { recall: wrong ? found / wrong : 0, precision: read ? found / read : 0, read, wrongFound: found, wrong };
}

/** L2-regularised logistic regression by Newton's method (x[0] is the bias, not penalised). */
export function fitLogistic(data: { x: number[]; y: number }[], l2 = 1, iters = 50): number[] {
  const d = data[0].x.length;
  const w = new Array(d).fill(0);
  for (let it = 0; it < iters; it++) {
    const g = new Array(d).fill(0);
    const H = Array.from({ length: d }, () => new Array(d).fill(0));
    for (const s of data) {
      let z = 0;
      for (let k = 0; k < d; k++) z += w[k] * s.x[k];
      const p = 1 / (1 + Math.exp(-z));
      const r = Math.max(p * (1 - p), 1e-9);
      for (let a = 0; a < d; a++) {
        g[a] += (p - s.y) * s.x[a];
        for (let b = 0; b < d; b++) H[a][b] += r * s.x[a] * s.x[b];
      }
    }
    for (let k = 1; k < d; k++) {
      g[k] += l2 * w[k];
      H[k][k] += l2;
    }
    H[0][0] += 1e-6;
    const step = solve(H, g);
    let mx = 0;
    for (let k = 0; k < d; k++) {
      w[k] -= step[k];
      mx = Math.max(mx, Math.abs(step[k]));
    }
    if (mx < 1e-8) break;
  }
  return w;
}

/** Mean negative log-likelihood of a logistic model. */
export function logLoss(data: { x: number[]; y: number }[], w: number[]): number {
  let s = 0;
  for (const p of data) {
    let z = 0;
    for (let k = 0; k < w.length; k++) z += w[k] * p.x[k];
    const q = 1 / (1 + Math.exp(-z));
    s -= Math.log(Math.max(1e-12, p.y ? q : 1 - q));
  }
  return s / data.length;
}

function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = 0; r < n; r++) {
      if (r === c || M[c][c] === 0) continue;
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  return M.map((r, i) => (r[i] === 0 ? 0 : r[n] / r[i]));
}

/**
 * Fits SCORE_PARAMS.cal (logistic regression over CAL_FEATURES of lib/scoring/lexical/calibrate.ts):
 * positives = MAC-Dev gold beads with both sides non-empty, negatives = the same beads with the
 * English side shifted by +1 and by −1 (as in bench/score-quality.ts). L2-regularised IRLS.
 * Honest evaluation: leave-one-document-out over the six MAC-Dev documents (each document is
 * scored by a model fitted on the other five; AUC over the pooled held-out scores), and aca as a
 * fully held-out corpus scored by the model fitted on all of MAC-Dev.
 *   npx tsx bench/fit-score.ts        (prints the coefficients to paste into SCORE_PARAMS.cal)
 */
import fs from "node:fs";
import path from "node:path";
import { readAlign } from "../lib/alignment/format";
import { CAL_FEATURES, calFeatures, LexicalDocScorer } from "../lib/scoring/lexical";
import { auc } from "./score-quality";
import { corporaDir, requireCorpora } from "../tests/corpora";

const CORPORA = corporaDir();
const lines = (f: string) => fs.readFileSync(f, "utf8").replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n");

interface Sample {
  doc: string;
  x: number[];
  y: number;
}

export function samples(corpus: string): Sample[] {
  const dir = path.join(CORPORA, corpus);
  const out: Sample[] = [];
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".align")).sort()) {
    const id = f.slice(0, -6);
    const zh = lines(path.join(dir, `${id}.zh`));
    const en = lines(path.join(dir, `${id}.en`));
    const sc = new LexicalDocScorer(zh, en);
    for (const b of readAlign(fs.readFileSync(path.join(dir, f), "utf8"))) {
      if (!b.zh.length || !b.en.length) continue;
      out.push({ doc: id, x: calFeatures(sc.parts(b.zh, b.en)), y: 1 });
      for (const d of [1, -1]) {
        const e2 = b.en.map((j) => j + d);
        if (e2.every((j) => j >= 0 && j < en.length)) out.push({ doc: id, x: calFeatures(sc.parts(b.zh, e2)), y: 0 });
      }
    }
  }
  return out;
}

/** L2-regularised logistic regression by Newton's method (bias not penalised). */
export function fitLogistic(data: Sample[], l2 = 1, iters = 30): number[] {
  const d = data[0].x.length;
  const w = new Array(d).fill(0);
  for (let it = 0; it < iters; it++) {
    const g = new Array(d).fill(0);
    const H = Array.from({ length: d }, () => new Array(d).fill(0));
    for (const s of data) {
      let z = 0;
      for (let k = 0; k < d; k++) z += w[k] * s.x[k];
      const p = 1 / (1 + Math.exp(-z));
      const r = p * (1 - p);
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
    if (mx < 1e-7) break;
  }
  return w;
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

const predict = (w: number[], x: number[]) => x.reduce((s, v, k) => s + v * w[k], 0);

function aucOf(data: Sample[], score: (s: Sample) => number): number {
  return auc(data.filter((s) => s.y === 1).map(score), data.filter((s) => s.y === 0).map(score));
}

if (process.argv[1]?.endsWith("fit-score.ts")) {
  requireCorpora("mac-dev", "aca");
  const l2 = Number(process.env.L2 ?? 1);
  const mac = samples("mac-dev");
  const aca = samples("aca");
  const docs = [...new Set(mac.map((s) => s.doc))];
  const held: { s: Sample; z: number }[] = [];
  for (const d of docs) {
    const w = fitLogistic(mac.filter((s) => s.doc !== d), l2);
    for (const s of mac.filter((x) => x.doc === d)) held.push({ s, z: predict(w, s.x) });
    const part = held.filter((h) => h.s.doc === d);
    console.log(`  LODO ${d}: AUC=${auc(part.filter((h) => h.s.y).map((h) => h.z), part.filter((h) => !h.s.y).map((h) => h.z)).toFixed(4)}`);
  }
  const lodo = auc(held.filter((h) => h.s.y).map((h) => h.z), held.filter((h) => !h.s.y).map((h) => h.z));
  const w = fitLogistic(mac, l2);
  console.log(`mac-dev leave-one-document-out AUC (pooled held-out scores): ${lodo.toFixed(4)}`);
  console.log(`mac-dev in-sample AUC: ${aucOf(mac, (s) => predict(w, s.x)).toFixed(4)}`);
  console.log(`aca held-out AUC (model fitted on all MAC-Dev): ${aucOf(aca, (s) => predict(w, s.x)).toFixed(4)}`);
  CAL_FEATURES.forEach((n, k) => console.log(`  ${n.padEnd(40)} ${w[k].toFixed(3)}`));
  console.log(`cal: ${JSON.stringify(w.map((x) => +x.toFixed(3)))}`);
}

/**
 * Score quality: ROC-AUC of the bead score separating gold beads from wrong beads of the
 * same shape (English side shifted by +1 and by -1) on MAC-Dev (and aca).
 *   npx tsx bench/score-quality.ts
 * The calibration (SCORE_PARAMS.cal) is fitted on MAC-Dev, so its number here is in-sample;
 * bench/fit-score.ts reports the leave-one-document-out AUC, aca is held out.
 */
import fs from "node:fs";
import path from "node:path";
import { LexicalDocScorer } from "../lib/scoring/lexical";
import { readAlign } from "../lib/alignment/format";
import { corporaDir, requireCorpora } from "../tests/corpora";

const CORPORA = corporaDir();
const lines = (f: string) => fs.readFileSync(f, "utf8").replace(/\n$/, "").split("\n");

export function auc(pos: number[], neg: number[]): number {
  const all = [...pos.map((s) => [s, 1] as const), ...neg.map((s) => [s, 0] as const)].sort((a, b) => a[0] - b[0]);
  // rank-sum with ties averaged
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

if (process.argv[1]?.endsWith("score-quality.ts")) requireCorpora("mac-dev", "aca");
if (process.argv[1]?.endsWith("score-quality.ts")) for (const corpus of ["mac-dev", "aca"]) {
  const dir = path.join(CORPORA, corpus);
  const pos: number[] = [];
  const neg: number[] = [];
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".align")).sort()) {
    const id = f.slice(0, -6);
    const zh = lines(path.join(dir, `${id}.zh`));
    const en = lines(path.join(dir, `${id}.en`));
    const sc = new LexicalDocScorer(zh, en);
    for (const b of readAlign(fs.readFileSync(path.join(dir, f), "utf8"))) {
      if (!b.zh.length || !b.en.length) continue;
      pos.push(sc.score(b.zh, b.en).score);
      for (const d of [1, -1]) {
        const e2 = b.en.map((j) => j + d);
        if (e2.every((j) => j >= 0 && j < en.length)) neg.push(sc.score(b.zh, e2).score);
      }
    }
  }
  const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
  console.log(
    `${corpus}${corpus === "mac-dev" ? " (in-sample for the calibration; LODO: bench/fit-score.ts)" : " (held out)"}: ROC-AUC=${auc(pos, neg).toFixed(4)}  gold beads=${pos.length} (mean score ${mean(pos).toFixed(1)})  shifted=${neg.length} (mean ${mean(neg).toFixed(1)})`,
  );
}

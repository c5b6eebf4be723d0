/** Strict bead precision / recall / F1 (Vecalign/Bertalign metric, see shared/corpora/README.md). */
import type { IdBead } from "./format";

export interface PRF {
  correct: number;
  test: number;
  gold: number;
  precision: number;
  recall: number;
  f1: number;
}

function beadKey(b: IdBead): string {
  const z = [...b.zh].sort((x, y) => x - y).join(",");
  const e = [...b.en].sort((x, y) => x - y).join(",");
  return `${z}:${e}`;
}

export function prf(correct: number, test: number, gold: number): PRF {
  const precision = test ? correct / test : 0;
  const recall = gold ? correct / gold : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { correct, test, gold, precision, recall, f1 };
}

/** Counts for one document: a test bead is correct when the gold has exactly the same bead. */
export function scoreDocument(gold: IdBead[], test: IdBead[]): PRF {
  const g = new Map<string, number>();
  for (const b of gold) g.set(beadKey(b), (g.get(beadKey(b)) ?? 0) + 1);
  let correct = 0;
  for (const b of test) {
    const k = beadKey(b);
    const n = g.get(k) ?? 0;
    if (n > 0) {
      correct++;
      g.set(k, n - 1);
    }
  }
  return prf(correct, test.length, gold.length);
}

/** Pool several documents: sums of counts, then P/R/F1. */
export function pool(docs: PRF[]): PRF {
  let c = 0;
  let t = 0;
  let g = 0;
  for (const d of docs) {
    c += d.correct;
    t += d.test;
    g += d.gold;
  }
  return prf(c, t, g);
}

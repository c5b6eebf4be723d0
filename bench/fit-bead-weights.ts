/**
 * Fits SCORE_PARAMS.bead (weights of BEAD_FEATURES in lib/scoring/lexical/features.ts) with an averaged
 * structured perceptron on MAC-Dev gold alignments, and reports honest numbers:
 *  - leave-one-document-out: for each MAC-Dev document, weights trained on the other five,
 *    the full aligner (first pass → learning → second pass) run on the held-out one;
 *  - aca: never used for training (held-out corpus), aligned with the weights fitted on all six.
 * Training features are taken from the scorer state after a first pass + in-document learning
 * (as in the aligner), in a band of ±8 around the gold path and ±8 around the first-pass path.
 *   npx tsx bench/fit-bead-weights.ts            (prints weights to paste into SCORE_PARAMS.bead)
 */
import fs from "node:fs";
import path from "node:path";
import { align } from "../lib/alignment";
import { alignParallel } from "../lib/alignment/parallel";
import { ALL_SHAPES, normalizeWindow, windowAroundPath, type RangeBead, type Window } from "../lib/alignment/dp";
import { readAlign, type IdBead } from "../lib/alignment/format";
import { pool, scoreDocument, type PRF } from "../lib/alignment/eval";
import { BEAD_FEATURES, LexicalDocScorer, N_BEAD_FEATURES, SCORE_PARAMS } from "../lib/scoring/lexical";
import type { ScorerFactory } from "../lib/scoring/types";
import { corporaDir, requireCorpora } from "../tests/corpora";

const CORPORA = corporaDir();
const lines = (f: string) => fs.readFileSync(f, "utf8").replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n");
const NF = N_BEAD_FEATURES;
const SHAPES = ALL_SHAPES;

interface Doc {
  id: string;
  zh: string[];
  en: string[];
  gold: IdBead[];
}

interface Cached {
  id: string;
  nZh: number;
  nEn: number;
  win: Window;
  off: Int32Array;
  feats: Float32Array; // (cell * S + s) * NF
  valid: Uint8Array;
  goldPhi: Float64Array;
}

export function loadCorpus(name: string): Doc[] {
  const dir = path.join(CORPORA, name);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".align"))
    .sort()
    .map((f) => {
      const id = f.slice(0, -6);
      return { id, zh: lines(path.join(dir, `${id}.zh`)), en: lines(path.join(dir, `${id}.en`)), gold: readAlign(fs.readFileSync(path.join(dir, f), "utf8")) };
    });
}

function toRange(b: IdBead, prevZ: number, prevE: number): RangeBead {
  const z0 = b.zh.length ? Math.min(...b.zh) : prevZ;
  const e0 = b.en.length ? Math.min(...b.en) : prevE;
  return { z0, z1: z0 + b.zh.length, e0, e1: e0 + b.en.length };
}

function goldRanges(gold: IdBead[]): RangeBead[] {
  const out: RangeBead[] = [];
  let z = 0;
  let e = 0;
  for (const b of gold) {
    const r = toRange(b, z, e);
    out.push(r);
    z = r.z1;
    e = r.e1;
  }
  return out;
}

export function prepare(doc: Doc, margin = 8): Cached {
  const sc = new LexicalDocScorer(doc.zh, doc.en);
  // first pass + learning exactly as the aligner does (default weights), without the second pass
  const first = alignParallel(sc, { learn: false }).beads;
  sc.learn(first.map((b) => ({ zh: rangeArr(b.z0, b.z1), en: rangeArr(b.e0, b.e1) })));
  const gr = goldRanges(doc.gold);
  const nZh = doc.zh.length;
  const nEn = doc.en.length;
  const w1 = windowAroundPath(gr, nZh, nEn, margin);
  const w2 = windowAroundPath(first, nZh, nEn, margin);
  const lo = new Int32Array(nZh + 1);
  const hi = new Int32Array(nZh + 1);
  for (let i = 0; i <= nZh; i++) {
    lo[i] = Math.min(w1.lo[i], w2.lo[i]);
    hi[i] = Math.max(w1.hi[i], w2.hi[i]);
  }
  const win = normalizeWindow({ lo, hi }, nEn);
  const off = new Int32Array(nZh + 2);
  for (let i = 0; i <= nZh; i++) off[i + 1] = off[i] + (win.hi[i] - win.lo[i] + 1);
  const cells = off[nZh + 1];
  const S = SHAPES.length;
  const feats = new Float32Array(cells * S * NF);
  const valid = new Uint8Array(cells * S);
  const buf = new Float64Array(NF);
  for (let i = 0; i <= nZh; i++)
    for (let j = win.lo[i]; j <= win.hi[i]; j++) {
      const c = off[i] + j - win.lo[i];
      for (let s = 0; s < S; s++) {
        const pi = i - SHAPES[s][0];
        const pj = j - SHAPES[s][1];
        if (pi < 0 || pj < 0 || pj < win.lo[pi] || pj > win.hi[pi]) continue;
        sc.beadFeatures(pi, i, pj, j, buf);
        feats.set(buf, (c * S + s) * NF);
        valid[c * S + s] = 1;
      }
    }
  const goldPhi = new Float64Array(NF);
  for (const r of gr) {
    sc.beadFeatures(r.z0, r.z1, r.e0, r.e1, buf);
    for (let k = 0; k < NF; k++) goldPhi[k] += buf[k];
  }
  return { id: doc.id, nZh, nEn, win, off, feats, valid, goldPhi };
}

function rangeArr(a: number, b: number): number[] {
  const o: number[] = [];
  for (let k = a; k < b; k++) o.push(k);
  return o;
}

/** Viterbi over cached features; returns φ of the best path. */
function decode(c: Cached, w: Float64Array): Float64Array {
  const { win, off, feats, valid, nZh, nEn } = c;
  const S = SHAPES.length;
  const best = new Float64Array(off[nZh + 1]).fill(-Infinity);
  const back = new Int16Array(off[nZh + 1]).fill(-1);
  best[0] = 0;
  for (let i = 0; i <= nZh; i++)
    for (let j = win.lo[i]; j <= win.hi[i]; j++) {
      if (i === 0 && j === 0) continue;
      const cidx = off[i] + j - win.lo[i];
      let bv = -Infinity;
      let bs = -1;
      for (let s = 0; s < S; s++) {
        if (!valid[cidx * S + s]) continue;
        const pi = i - SHAPES[s][0];
        const pj = j - SHAPES[s][1];
        const prev = best[off[pi] + pj - win.lo[pi]];
        if (prev === -Infinity) continue;
        let g = 0;
        const base = (cidx * S + s) * NF;
        for (let k = 0; k < NF; k++) g += w[k] * feats[base + k];
        if (prev + g > bv) {
          bv = prev + g;
          bs = s;
        }
      }
      best[cidx] = bv;
      back[cidx] = bs;
    }
  const phi = new Float64Array(NF);
  let i = nZh;
  let j = nEn;
  while (i > 0 || j > 0) {
    const cidx = off[i] + j - win.lo[i];
    const s = back[cidx];
    const base = (cidx * S + s) * NF;
    for (let k = 0; k < NF; k++) phi[k] += feats[base + k];
    i -= SHAPES[s][0];
    j -= SHAPES[s][1];
  }
  return phi;
}

/** Averaged structured perceptron, starting from the hand-set weights. */
export function train(docs: Cached[], epochs = 30, seed = 1, init: ArrayLike<number> = HAND): Float64Array {
  const w = Float64Array.from(init);
  const sum = new Float64Array(NF);
  let steps = 0;
  let rnd = seed;
  const order = docs.map((_, k) => k);
  for (let ep = 0; ep < epochs; ep++) {
    for (let k = order.length - 1; k > 0; k--) {
      rnd = (rnd * 1103515245 + 12345) & 0x7fffffff;
      const r = rnd % (k + 1);
      [order[k], order[r]] = [order[r], order[k]];
    }
    const lr = LR / (1 + DECAY * ep);
    for (const d of order) {
      const phi = decode(docs[d], w);
      const g = docs[d].goldPhi;
      // normalise the step by the document length so long documents do not dominate
      const scale = lr / docs[d].nZh;
      for (let k = 0; k < NF; k++) w[k] += scale * (g[k] - phi[k]);
      for (let k = 0; k < NF; k++) sum[k] += w[k];
      steps++;
    }
  }
  for (let k = 0; k < NF; k++) sum[k] /= steps;
  return sum;
}

const LR = Number(process.env.LR ?? 10);
const DECAY = Number(process.env.DECAY ?? 0.5);
const HAND = [0.3, 0.3, 0.4, -0.54, 0.8, 0.6, 0, 0, 0, -0.2, 0, 0, 0, 0, -0.7, -0.7, 0, 0, 0, 0];

function factory(w: ArrayLike<number>): ScorerFactory {
  return {
    name: "lexical-fit",
    prepare(zh: string[], en: string[]) {
      const s = new LexicalDocScorer(zh, en);
      s.setBeadWeights(w);
      return s;
    },
  };
}

export function evalDocs(docs: Doc[], w: ArrayLike<number>): [string, PRF][] {
  return docs.map((d) => {
    const res = align(d.zh.map((text) => ({ text })), d.en.map((text) => ({ text })), { mode: "parallel", scorer: factory(w) });
    return [d.id, scoreDocument(d.gold, res.beads)];
  });
}

const f = (r: PRF) => `P=${r.precision.toFixed(4)} R=${r.recall.toFixed(4)} F1=${r.f1.toFixed(4)}`;
const fmtW = (w: ArrayLike<number>) => Array.from(w, (x) => +x.toFixed(3));

if (process.argv[1]?.endsWith("fit-bead-weights.ts")) {
  requireCorpora("mac-dev", "aca");
  const epochs = Number(process.env.EPOCHS ?? 40);
  const mac = loadCorpus("mac-dev");
  const t0 = Date.now();
  const cached = mac.map((d) => prepare(d));
  console.log(`features cached in ${Date.now() - t0} ms`);
  const lodo: [string, PRF][] = [];
  for (let k = 0; k < mac.length; k++) {
    const w = train(cached.filter((_, q) => q !== k), epochs);
    const [r] = evalDocs([mac[k]], w);
    lodo.push(r);
    console.log(`LODO mac-dev/${mac[k].id}: ${f(r[1])}   w=${JSON.stringify(fmtW(w))}`);
  }
  console.log(`mac-dev leave-one-document-out pooled: ${f(pool(lodo.map((x) => x[1])))}`);
  const wAll = train(cached, epochs);
  console.log(`weights (all six MAC-Dev documents):`);
  BEAD_FEATURES.forEach((n, k) => console.log(`  ${n.padEnd(20)} ${wAll[k].toFixed(3)}`));
  console.log(`bead: ${JSON.stringify(fmtW(wAll))}`);
  const aca = evalDocs(loadCorpus("aca"), wAll);
  console.log(`aca (held out) with these weights: ${f(pool(aca.map((x) => x[1])))}`);
  const inS = evalDocs(mac, wAll);
  console.log(`mac-dev in-sample with these weights: ${f(pool(inS.map((x) => x[1])))}`);
  console.log(`current SCORE_PARAMS.bead: ${JSON.stringify(SCORE_PARAMS.bead)}`);
}

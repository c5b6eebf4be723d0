/**
 * Fits SCORE_PARAMS.gap (logistic regression over GAP_FEATURES of lib/scoring/lexical/gaps.ts): the
 * probability that a sentence the parallel search put into a link bead has no counterpart.
 *
 * Data: the parallel aligner's output before resolveGaps (exactly what it sees) on MAC-Dev
 * documents in which one side of 3% of the 1-1 beads was deleted (bench/gaps.ts `damage`), with
 * seeds 101..100+N — disjoint from the seeds bench/gaps.ts measures with (1..3). Every sentence of
 * a link bead is a sample; label 1 when the gold leaves it without counterpart.
 * Honest numbers: leave-one-document-out over the six MAC-Dev documents (sentence-level AUC, and
 * with --lodo the whole aligner on bench/gaps.ts's damaged documents, each scored with the model
 * fitted on the other five), and aca as a held-out corpus.
 *   npx tsx bench/fit-gaps.ts [--seeds 20] [--lodo]   (prints the coefficients for SCORE_PARAMS.gap)
 */
import fs from "node:fs";
import path from "node:path";
import { align } from "../lib/alignment";
import { readAlign, type IdBead } from "../lib/alignment/format";
import { pool, prf, scoreDocument, type PRF } from "../lib/alignment/eval";
import { alignParallel } from "../lib/alignment/parallel";
import { GAP_FEATURES, LexicalDocScorer, N_GAP_FEATURES, SCORE_PARAMS } from "../lib/scoring/lexical";
import { fitLogistic } from "./fit-score";
import { auc } from "./score-quality";
import { damage } from "./gaps";
import { corporaDir, requireCorpora } from "../tests/corpora";

const CORPORA = corporaDir();
const lines = (f: string) => fs.readFileSync(f, "utf8").replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n");

interface Doc {
  id: string;
  zh: string[];
  en: string[];
  gold: IdBead[];
}

interface Sample {
  doc: string;
  x: number[];
  y: number;
}

function loadCorpus(name: string): Doc[] {
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

/** The same damage as bench/gaps.ts (3% of the beads, seed formula), for any seed. */
export function damaged(d: Doc, seed: number): Doc {
  const x = damage(d.zh, d.en, d.gold, Math.max(2, Math.round(d.gold.length * 0.03)), seed * 7919 + d.id.charCodeAt(2));
  return { id: d.id, ...x };
}

/** Gap-model samples of one document: every sentence of the link beads resolveGaps gets to see. */
export function samples(d: Doc): Sample[] {
  const gapZ = new Set<number>();
  const gapE = new Set<number>();
  for (const b of d.gold) {
    if (!b.en.length) b.zh.forEach((i) => gapZ.add(i));
    if (!b.zh.length) b.en.forEach((j) => gapE.add(j));
  }
  const sc = new LexicalDocScorer(d.zh, d.en);
  const beads = alignParallel(sc, { gapPosterior: false }).beads;
  const out: Sample[] = [];
  for (const b of beads) {
    if (b.z0 === b.z1 || b.e0 === b.e1) continue;
    const f = sc.gapFeatures(b);
    const x = (q: number) => Array.from(f.subarray(q * N_GAP_FEATURES, (q + 1) * N_GAP_FEATURES));
    for (let i = b.z0; i < b.z1; i++) out.push({ doc: d.id, x: x(i - b.z0), y: gapZ.has(i) ? 1 : 0 });
    for (let j = b.e0; j < b.e1; j++) out.push({ doc: d.id, x: x(b.z1 - b.z0 + j - b.e0), y: gapE.has(j) ? 1 : 0 });
  }
  return out;
}

const predict = (w: number[], x: number[]) => x.reduce((s, v, k) => s + v * w[k], 0);
const aucOf = (h: { y: number; z: number }[]) => auc(h.filter((q) => q.y).map((q) => q.z), h.filter((q) => !q.y).map((q) => q.z));
const isGap = (b: IdBead) => b.zh.length === 0 || b.en.length === 0;

/** bench/gaps.ts's measure (seeds 1..3) on some documents with the current SCORE_PARAMS. */
function gapBench(docs: Doc[]): { all: PRF; gaps: PRF; clean: PRF } {
  const all: PRF[] = [];
  const clean: PRF[] = [];
  let c = 0;
  let t = 0;
  let g = 0;
  for (const d0 of docs) {
    const r0 = align(d0.zh.map((text) => ({ text })), d0.en.map((text) => ({ text })), { mode: "parallel" });
    clean.push(scoreDocument(d0.gold, r0.beads));
    for (let s = 1; s <= 3; s++) {
      const d = damaged(d0, s);
      const res = align(d.zh.map((text) => ({ text })), d.en.map((text) => ({ text })), { mode: "parallel" });
      all.push(scoreDocument(d.gold, res.beads));
      const gg = d.gold.filter(isGap);
      const tg = res.beads.filter(isGap);
      c += scoreDocument(gg, tg).correct;
      t += tg.length;
      g += gg.length;
    }
  }
  return { all: pool(all), gaps: prf(c, t, g), clean: pool(clean) };
}

if (process.argv[1]?.endsWith("fit-gaps.ts")) {
  requireCorpora("mac-dev", "aca");
  const a = process.argv;
  const nSeeds = a.includes("--seeds") ? Number(a[a.indexOf("--seeds") + 1]) : 20;
  const l2 = Number(process.env.L2 ?? 1);
  const t0 = Date.now();
  const mac = loadCorpus("mac-dev");
  const data: Sample[] = [];
  for (const d of mac) for (let s = 101; s <= 100 + nSeeds; s++) data.push(...samples(damaged(d, s)));
  const aca: Sample[] = [];
  for (const d of loadCorpus("aca")) for (let s = 101; s <= 105; s++) aca.push(...samples(damaged(d, s)));
  const nGap = data.filter((s) => s.y).length;
  console.log(`${data.length} MAC-Dev samples (${nGap} gaps) from ${nSeeds} seeds, ${aca.length} aca samples; ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  const lodoW = new Map<string, number[]>();
  const held: { y: number; z: number }[] = [];
  for (const d of mac) {
    const w = fitLogistic(data.filter((s) => s.doc !== d.id), l2);
    lodoW.set(d.id, w);
    for (const s of data.filter((x) => x.doc === d.id)) held.push({ y: s.y, z: predict(w, s.x) });
  }
  const w = fitLogistic(data, l2);
  console.log(`sentence-level ROC-AUC (gap vs belongs): MAC-Dev leave-one-document-out ${aucOf(held).toFixed(4)}, aca held out ${aucOf(aca.map((s) => ({ y: s.y, z: predict(w, s.x) }))).toFixed(4)}`);
  GAP_FEATURES.forEach((n, k) => console.log(`  ${n.padEnd(26)} ${w[k].toFixed(3)}`));
  const prior = nGap / data.length;
  console.log(`gap: { w: ${JSON.stringify(w.map((x) => +x.toFixed(3)))}, prior: ${prior.toFixed(4)} }  (GAP_POSTERIOR.maxRate: the same prior)`);
  if (a.includes("--lodo")) {
    // the whole aligner, each MAC-Dev document with the model fitted on the other five
    const saved = SCORE_PARAMS.gap;
    const parts: { all: PRF; gaps: PRF; clean: PRF }[] = [];
    for (const d of mac) {
      SCORE_PARAMS.gap = { w: lodoW.get(d.id)!.map((x) => +x.toFixed(3)), prior };
      parts.push(gapBench([d]));
    }
    SCORE_PARAMS.gap = saved;
    const sum = (f: (p: { all: PRF; gaps: PRF; clean: PRF }) => PRF) => pool(parts.map(f));
    const g = sum((p) => p.gaps);
    console.log(
      `MAC-Dev leave-one-document-out, bench/gaps.ts measure: gaps P=${g.precision.toFixed(3)} R=${g.recall.toFixed(3)} (${g.correct}/${g.test}, ${g.gold} gold); damaged F1=${sum((p) => p.all).f1.toFixed(4)}; clean F1=${sum((p) => p.clean).f1.toFixed(4)}`,
    );
  }
}

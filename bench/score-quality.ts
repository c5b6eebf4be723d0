/**
 * Score quality — `npm run bench:score [-- --mode parallel] [--fit]`
 *
 * 1. Confidence on the aligner's own output (what a reviewer meets). Each development document
 *    (MAC-Dev's six chapters, aca) is aligned as align() does by default; every output bead is
 *    labelled right or wrong against the gold (strict: the gold has exactly that bead). The
 *    confidence's temperature and calibration (lib/alignment/confidence.ts) are fitted on the
 *    OTHER documents (leave-one-document-out) and applied to this one. Reported, pooled over
 *    MAC-Dev and for aca on its own: ROC-AUC of the confidence separating right from wrong beads
 *    (and of the match score, for comparison), and the share of all wrong beads found among the
 *    lowest 10 % / 20 % of beads by confidence (and by match score).
 * 2. The match score's own check (synthetic mistranslations): ROC-AUC of the score separating gold
 *    beads from the same beads with the English side shifted by ±1. The score's calibration
 *    (SCORE_PARAMS.cal) is fitted on MAC-Dev, so MAC-Dev is in-sample here (leave-one-document-out:
 *    bench/fit-score.ts); aca is held out.
 *
 * --fit: fit the confidence on all seven documents and print CONFIDENCE_PARAMS.
 * --mode parallel: align with the parallel search only (default: align()'s default mode).
 * --margin N, --exact: the lattice's band and every gain exact (default: CONFIDENCE_PARAMS.margin,
 * the search's pruning), to compare. --temperature T: that temperature in every fold (no choice).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { align, type Bead } from "../lib/alignment";
import { readAlign } from "../lib/alignment/format";
import {
  alignmentPosteriors,
  CONF_FEATURES,
  CONFIDENCE_PARAMS,
  confFeatures,
  FALLBACK_FEATURES,
  fallbackFeatures,
  type ConfidenceParams,
} from "../lib/alignment/confidence";
import { LexicalDocScorer, lexicalScorer } from "../lib/scoring/lexical";
import type { DocScorer } from "../lib/scoring/types";
import { auc, fitLogistic, logLoss, lowestShare } from "./lib/roc";
import { corporaDir, requireCorpora } from "../tests/corpora";

export { auc } from "./lib/roc";

const CORPORA = corporaDir();
const lines = (f: string) => fs.readFileSync(f, "utf8").replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n");
const key = (zh: number[], en: number[]) => `${[...zh].sort((a, b) => a - b)}:${[...en].sort((a, b) => a - b)}`;

/** temperatures the fit chooses from */
export const TEMPERATURES = [0.25, 0.35, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8];
/** `--temperature T`: no choice of temperature, T for every fold (one of TEMPERATURES) */
let FIXED_T: number | null = null;
/** L2 penalty of the calibration's logistic regression */
const L2 = 1;

interface DocRun {
  corpus: string;
  id: string;
  beads: Bead[];
  right: boolean[];
  /** posterior log-odds per temperature (TEMPERATURES), NaN for beads without one */
  posterior: Float64Array[];
  ms: number;
  mode: string;
}

/** lattice options (the defaults are CONFIDENCE_PARAMS'; `--margin N`, `--exact` to compare) */
const LATTICE: { margin: number; prune: boolean } = { margin: CONFIDENCE_PARAMS.margin, prune: true };

function runDocument(corpus: string, id: string, mode?: "parallel"): DocRun {
  const dir = path.join(CORPORA, corpus);
  const zh = lines(path.join(dir, `${id}.zh`));
  const en = lines(path.join(dir, `${id}.en`));
  const gold = new Set(readAlign(fs.readFileSync(path.join(dir, `${id}.align`), "utf8")).map((b) => key(b.zh, b.en)));
  let scorer: DocScorer | null = null;
  const t0 = Date.now();
  const res = align(
    zh.map((text) => ({ text })),
    en.map((text) => ({ text })),
    {
      mode,
      scorer: {
        name: lexicalScorer.name,
        prepare(z, e, o) {
          scorer = lexicalScorer.prepare(z, e, o);
          return scorer;
        },
      },
    },
  );
  const ms = Date.now() - t0;
  // no excluded sentences in the corpora: global indices are the scorer's
  const { logOdds: posterior } = alignmentPosteriors(scorer!, res.beads, TEMPERATURES, { margin: LATTICE.margin, localMargin: CONFIDENCE_PARAMS.localMargin, prune: LATTICE.prune });
  return { corpus, id, beads: res.beads, right: res.beads.map((b) => gold.has(key(b.zh, b.en))), posterior, ms, mode: res.mode };
}

interface Sample {
  x: number[];
  y: number;
}

function samples(runs: DocRun[], t: number): { main: Sample[]; fallback: Sample[] } {
  const main: Sample[] = [];
  const fallback: Sample[] = [];
  for (const r of runs)
    r.beads.forEach((b, k) => {
      const y = r.right[k] ? 1 : 0;
      fallback.push({ x: fallbackFeatures(b, b.score), y });
      const p = r.posterior[t][k];
      if (!Number.isNaN(p)) main.push({ x: confFeatures(p, b, b.score), y });
    });
  return { main, fallback };
}

/**
 * Fit the confidence on some documents: for each temperature the calibration (logistic regression)
 * and the fallback; the temperature whose calibrated confidence best separates right from wrong
 * beads on these documents (pooled ROC-AUC, the benchmark's measure; the training log-loss prefers
 * the lowest temperatures, whose ranking generalises worse).
 */
export function fitConfidence(runs: DocRun[]): { params: ConfidenceParams; t: number; loss: number; auc: number } {
  let best: { params: ConfidenceParams; t: number; loss: number; auc: number } | null = null;
  const fb = fitLogistic(samples(runs, 0).fallback, L2);
  for (let t = 0; t < TEMPERATURES.length; t++) {
    if (FIXED_T !== null && TEMPERATURES[t] !== FIXED_T) continue;
    const { main } = samples(runs, t);
    const w = fitLogistic(main, L2);
    const loss = logLoss(main, w);
    const z = main.map((s) => s.x.reduce((a, v, k) => a + v * w[k], 0));
    const a = auc(z.filter((_, k) => main[k].y === 1), z.filter((_, k) => main[k].y === 0));
    if (!best || a > best.auc) best = { params: { ...CONFIDENCE_PARAMS, temperature: TEMPERATURES[t], cal: w, fallback: fb }, t, loss, auc: a };
  }
  return best!;
}

function confidenceOf(r: DocRun, k: number, fit: { params: ConfidenceParams; t: number }): number {
  const b = r.beads[k];
  const p = r.posterior[fit.t][k];
  const x = Number.isNaN(p) ? fallbackFeatures(b, b.score) : confFeatures(p, b, b.score);
  const w = Number.isNaN(p) ? fit.params.fallback : fit.params.cal;
  let z = 0;
  for (let q = 0; q < x.length; q++) z += w[q] * x[q];
  return 1 / (1 + Math.exp(-z));
}

interface Scored {
  conf: number;
  score: number | null;
  right: boolean;
  gap: boolean;
  posterior: number;
}

function report(label: string, items: Scored[]): void {
  const aucOf = (xs: Scored[], f: (s: Scored) => number) =>
    auc(xs.filter((s) => s.right).map(f), xs.filter((s) => !s.right).map(f));
  const low = (xs: Scored[], f: (s: Scored) => number, share: number) => lowestShare(xs.map((s) => ({ score: f(s), wrong: !s.right })), share);
  const links = items.filter((s) => !s.gap);
  const wrong = items.filter((s) => !s.right).length;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const meanConf = items.reduce((s, x) => s + x.conf, 0) / items.length;
  const brier = items.reduce((s, x) => s + (x.conf - (x.right ? 1 : 0)) ** 2, 0) / items.length;
  console.log(`${label}: ${items.length} beads, ${wrong} wrong (${pct(wrong / items.length)}); ${links.length} link beads, ${links.filter((s) => !s.right).length} wrong`);
  const line = (name: string, xs: Scored[], f: (s: Scored) => number) => {
    const l10 = low(xs, f, 0.1);
    const l20 = low(xs, f, 0.2);
    console.log(
      `  ${name.padEnd(34)} ROC-AUC ${aucOf(xs, f).toFixed(4)}   lowest 10%: ${pct(l10.recall)} of the wrong beads (${pct(l10.precision)} of those read wrong)   lowest 20%: ${pct(l20.recall)} (${pct(l20.precision)})`,
    );
  };
  line("confidence, all beads", items, (s) => s.conf);
  line("confidence, link beads", links, (s) => s.conf);
  line("match score, link beads", links, (s) => s.score ?? 0);
  line("posterior alone (fitted T)", items.filter((s) => !Number.isNaN(s.posterior)), (s) => s.posterior);
  console.log(`  calibration: mean confidence ${meanConf.toFixed(3)} vs share right ${(1 - wrong / items.length).toFixed(3)}; Brier ${brier.toFixed(4)}`);
}

function confidenceSection(mode: "parallel" | undefined, fitOnly: boolean): void {
  const docs: [string, string][] = [];
  for (const corpus of ["mac-dev", "aca"]) {
    const dir = path.join(CORPORA, corpus);
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".align")).sort()) docs.push([corpus, f.slice(0, -6)]);
  }
  const runs = docs.map(([c, id]) => runDocument(c, id, mode));
  if (fitOnly) {
    const fit = fitConfidence(runs);
    const r = (xs: number[]) => xs.map((x) => +x.toFixed(3));
    console.log(`fitted on all ${runs.length} documents (training ROC-AUC ${fit.auc.toFixed(4)}, log-loss ${fit.loss.toFixed(4)}):`);
    CONF_FEATURES.forEach((n, k) => console.log(`  cal      ${n.padEnd(22)} ${fit.params.cal[k].toFixed(3)}`));
    FALLBACK_FEATURES.forEach((n, k) => console.log(`  fallback ${n.padEnd(22)} ${fit.params.fallback[k].toFixed(3)}`));
    console.log(`temperature: ${fit.params.temperature}, cal: ${JSON.stringify(r(fit.params.cal))}, fallback: ${JSON.stringify(r(fit.params.fallback))}`);
    return;
  }
  console.log(`1. Confidence on the aligner's own output (leave-one-document-out; mode ${mode ?? "default"})`);
  const scored = new Map<DocRun, Scored[]>();
  for (const r of runs) {
    const fit = fitConfidence(runs.filter((x) => x !== r));
    const items = r.beads.map((b, k) => ({
      conf: confidenceOf(r, k, fit),
      score: b.score,
      right: r.right[k],
      gap: !b.zh.length || !b.en.length,
      posterior: r.posterior[fit.t][k],
    }));
    scored.set(r, items);
    const wrong = items.filter((s) => !s.right).length;
    const pos = items.filter((s) => s.right).map((s) => s.conf);
    const neg = items.filter((s) => !s.right).map((s) => s.conf);
    const noPost = r.posterior[fit.t].filter((p) => Number.isNaN(p)).length;
    console.log(
      `  ${r.corpus}/${r.id}: ${r.mode}, ${items.length} beads, ${wrong} wrong, confidence ROC-AUC ${neg.length ? auc(pos, neg).toFixed(4) : "n/a"}; ` +
        `fitted on the others: T=${fit.params.temperature}${noPost ? `, ${noPost} beads by the fallback` : ""}; align ${r.ms} ms`,
    );
  }
  report("MAC-Dev, pooled", runs.filter((r) => r.corpus === "mac-dev").flatMap((r) => scored.get(r)!));
  report("aca", runs.filter((r) => r.corpus === "aca").flatMap((r) => scored.get(r)!));
}

function syntheticSection(): void {
  console.log("2. Match score on synthetic mistranslations (gold beads vs the same beads with the English side shifted by ±1)");
  for (const corpus of ["mac-dev", "aca"]) {
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
      `  ${corpus}${corpus === "mac-dev" ? " (in-sample for the score's calibration; LODO: bench/fit-score.ts)" : " (held out)"}: ROC-AUC=${auc(pos, neg).toFixed(4)}  gold beads=${pos.length} (mean score ${mean(pos).toFixed(1)})  shifted=${neg.length} (mean ${mean(neg).toFixed(1)})`,
    );
  }
}

if (process.argv[1]?.endsWith("score-quality.ts")) {
  requireCorpora("mac-dev", "aca");
  const a = process.argv.slice(2);
  const mode = a.includes("--mode") ? a[a.indexOf("--mode") + 1] : undefined;
  if (mode !== undefined && mode !== "parallel") throw new Error("--mode: parallel (or leave it out for align()'s default)");
  if (a.includes("--margin")) LATTICE.margin = Number(a[a.indexOf("--margin") + 1]);
  if (a.includes("--exact")) LATTICE.prune = false;
  if (a.includes("--temperature")) {
    FIXED_T = Number(a[a.indexOf("--temperature") + 1]);
    if (!TEMPERATURES.includes(FIXED_T)) throw new Error(`--temperature: one of ${TEMPERATURES.join(", ")}`);
  }
  console.log(`${new Date().toISOString()}  ${os.cpus().length} cores, ${os.cpus()[0]?.model}, node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  const t0 = Date.now();
  confidenceSection(mode as "parallel" | undefined, a.includes("--fit"));
  if (!a.includes("--fit")) syntheticSection();
  console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s; load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
}

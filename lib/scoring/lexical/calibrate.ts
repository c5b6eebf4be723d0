/** The 0–100 bead score: a fitted logistic model over a few summaries of the score parts. */
import type { ScoreParts } from "../types";
import { SCORE_PARAMS } from "./params";

/** Inputs of the calibration (logistic regression), in the order of SCORE_PARAMS.cal. */
export const CAL_FEATURES = [
  "bias",
  "coverageZhEn",
  "coverageEnZh",
  "min coverage",
  "length log-density (−z²/2)",
  "numbers (2·score−1, 0 when none)",
  "names score (when a name matched)",
  "log(1 + matched weight)",
  "punctuation mismatch (0–3)",
  "quotation boundary mismatch (0–2)",
  "weakest sentence support",
  "best outside-neighbour support",
] as const;

export function calFeatures(p: ScoreParts): number[] {
  const ls = Math.max(1e-6, p.length.score);
  return [
    1,
    p.coverageZhEn,
    p.coverageEnZh,
    Math.min(p.coverageZhEn, p.coverageEnZh),
    Math.max(-8, Math.log(ls)),
    p.numbers.score !== null ? 2 * p.numbers.score - 1 : 0,
    p.names.score !== null && p.names.matched > 0 ? p.names.score : 0,
    Math.log1p(p.evidence.zhMatched + p.evidence.enMatched),
    p.evidence.punctMismatch ?? 0,
    p.evidence.quoteBoundary ?? 0,
    p.evidence.weakest ?? 0,
    p.evidence.neighbour ?? 0,
  ];
}

/** Map score parts to a calibrated 0–100 score: 100 · P(correct bead) of the fitted logistic model. */
export function calibrate(p: ScoreParts): number {
  const c = SCORE_PARAMS.cal;
  const f = calFeatures(p);
  let x = 0;
  for (let k = 0; k < f.length; k++) x += c[k] * f[k];
  const prob = 1 / (1 + Math.exp(-x));
  return Math.round(prob * 1000) / 10;
}

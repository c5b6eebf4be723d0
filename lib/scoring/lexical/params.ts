/**
 * The lexical scorer's tunable constants and fitted weights. How each was fitted or chosen, with
 * the numbers, is in bench/RESULTS.md ("Scorer fitting history").
 */
export const SCORE_PARAMS = {
  /** additive smoothing of coverage denominators (in idf-weight units) */
  covSmooth: 0.3,
  /** sim = (1-simMean)·min(covZ,covE) + simMean·mean(covZ,covE) */
  simMean: 0.6,
  /** weight of unknown (never matchable) tokens relative to known ones */
  unknownWeight: 0.5,
  /** std-dev of log length ratio (until the first pass refits it) */
  lenSigma: 0.38,
  /** smoothing chars for the length ratio */
  lenSmooth: 12,
  /**
   * weights of BEAD_FEATURES (features.ts) for the parallel search's bead gain w·φ, fitted by
   * bench/fit-bead-weights.ts except four set by rule: "gap zh" and "gap en" are the per-sentence
   * reward of "n" minus a fixed cost of 4, "gap log(1+weight)" is 0 (a gap costs the same whatever
   * its length), and "silent" is −0.75 per unit.
   */
  bead: [1.901, 2.907, 3.718, 16.43, 9.696, 5.567, 0.002, -0.847, -0.778, -0.245, -1.335, -2.25, -2.068, -1.494, 12.43, 12.43, 0, -2.694, -0.377, -0.75] as number[],
  /** logistic-regression coefficients of CAL_FEATURES (calibrate.ts) for the 0–100 score: bench/fit-score.ts */
  cal: [1.025, 1.025, 2.498, 1.348, 0.952, 0.245, 0.291, -0.089, -0.439, -1.058, 5.687, -7.737] as number[],
  /**
   * gap model (gaps.ts): logistic-regression coefficients of GAP_FEATURES for P(a sentence of a
   * link bead has no counterpart), and the share of such sentences in the training data (the
   * prior the coefficients embody): bench/fit-gaps.ts.
   */
  gap: { w: [-1.219, 1.378, 0.162, -0.617, -0.311, 0.202, 1.404, -1.715, -1.345, 0.569, -4.316, -2.712] as number[], prior: 0.0117 },
};

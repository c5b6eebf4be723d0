// Pure helpers for a pair's confidence on the review page: the row's badge and the inspector's
// explanation of the two numbers. The match score (0–100) says how closely the two sides'
// meanings match; the confidence (stored 0–1, shown in percent) is the aligner's probability
// that the bead is right: its boundaries, and that it is a pair at all.
import type { ReviewRow } from "@/lib/db/review/view";

export type ConfidenceBand = "high" | "mid" | "low";

/** Below this the confidence counts as low (the aligner was as likely wrong as right). */
export const LOW_CONFIDENCE = 0.5;
/** From this on it counts as high. */
export const HIGH_CONFIDENCE = 0.8;
/** Below this a match score counts as low (the score's own "low" band, see band()). */
export const LOW_SCORE = 40;

export function confidenceBand(c: number): ConfidenceBand {
  if (c >= HIGH_CONFIDENCE) return "high";
  if (c >= LOW_CONFIDENCE) return "mid";
  return "low";
}

/** 0.3372 → "34%" */
export function confidencePct(c: number): string {
  return `${Math.round(c * 100)}%`;
}

const allExcluded = (row: Pick<ReviewRow, "en" | "zh">) => [...row.en, ...row.zh].every((s) => s.excluded);

/** What the row shows next to its score: the confidence, "edited by hand", or nothing. */
export type ConfidenceLabel =
  | { kind: "confidence"; text: string; band: ConfidenceBand; title: string }
  | { kind: "hand"; text: string; title: string }
  | null;

export function confidenceLabel(row: Pick<ReviewRow, "confidence" | "editedByHand" | "en" | "zh">): ConfidenceLabel {
  if (row.confidence !== null) {
    const band = confidenceBand(row.confidence);
    return {
      kind: "confidence",
      text: `conf ${confidencePct(row.confidence)}`,
      band,
      title: `Confidence ${confidencePct(row.confidence)}: the aligner's probability that this pair is right (its boundaries, and that it is a pair at all), apart from the match score`,
    };
  }
  if (allExcluded(row)) return null;
  if (row.editedByHand) {
    return {
      kind: "hand",
      text: "edited by hand",
      title: "Edited by hand: the aligner's confidence was for the pair it found, so it no longer applies",
    };
  }
  // aligned before the aligner gave a confidence, or imported from a file without one
  return null;
}

export interface ScoreExplanation {
  /** which of the two is low: "score", "confidence", "both" or null (neither, or nothing to compare) */
  low: "score" | "confidence" | "both" | null;
  /** one or two sentences saying what the numbers mean for this pair */
  text: string;
}

/** The inspector's explanation: which of the match score and the confidence is low, and why. */
export function explainScores(row: Pick<ReviewRow, "score" | "confidence" | "editedByHand" | "en" | "zh">): ScoreExplanation {
  if (allExcluded(row)) return { low: null, text: "Excluded clutter: neither scored nor aligned, so no match score and no confidence." };
  const gap = !row.en.length || !row.zh.length;
  const c = row.confidence;
  if (c === null) {
    const why = row.editedByHand
      ? "Edited by hand: the aligner's confidence was for the pair it found, so it no longer applies."
      : "No confidence: this pair was imported without one, or aligned before the aligner gave one.";
    if (gap) return { low: null, text: `${why} A gap has no match score either.` };
    if (row.score !== null && row.score < LOW_SCORE) {
      return { low: "score", text: `${why} The match score is low (${Math.round(row.score)}): the two sides' words don't match well.` };
    }
    return { low: null, text: why };
  }
  const pct = confidencePct(c);
  const confLow = c < LOW_CONFIDENCE;
  const sure = c >= HIGH_CONFIDENCE ? "sure" : "fairly sure";
  if (gap || row.score === null) {
    return confLow
      ? { low: "confidence", text: `A gap has no match score. The confidence is low (${pct}): the aligner was unsure that this sentence has no counterpart; it may belong with a neighbouring pair.` }
      : { low: null, text: `A gap has no match score. The aligner is ${sure} (${pct}) that this sentence has no counterpart.` };
  }
  const score = Math.round(row.score);
  const scoreLow = row.score < LOW_SCORE;
  if (confLow && scoreLow) {
    return {
      low: "both",
      text: `Both are low. Match score ${score}: the two sides' words don't match well. Confidence ${pct}: the aligner was unsure whether these sentences are a pair at all.`,
    };
  }
  if (confLow) {
    return {
      low: "confidence",
      text: `The confidence is low (${pct}) though the words match (score ${score}): the aligner was unsure where this pair's boundaries are — a neighbouring sentence may belong to it, or it may be split differently.`,
    };
  }
  if (scoreLow) {
    return {
      low: "score",
      text: `The match score is low (${score}) though the aligner is ${sure} of the pair (confidence ${pct}): the boundaries are clear, but the two sides' words don't match well — a free translation, or an error in one side.`,
    };
  }
  return { low: null, text: `Neither is low: the words match (score ${score}) and the aligner is ${sure} of the pair (confidence ${pct}).` };
}

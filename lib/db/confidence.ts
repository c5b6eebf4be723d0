// A pair's confidence as stored: the aligner's probability that the bead is right (0–1), apart
// from the match score. Kept to four decimals (far finer than its calibration), so that exports
// stay short and round trips through the database and the formats are exact.

/** The value to store for a bead's or a file's confidence: 0–1 to four decimals, else null. */
export function storedConfidence(c: number | null | undefined): number | null {
  if (typeof c !== "number" || !Number.isFinite(c) || c < 0 || c > 1) return null;
  return Math.round(c * 10_000) / 10_000;
}

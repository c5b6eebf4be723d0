"use client";
// Inspector section: the match score and the confidence side by side, which of them is low and
// why (see explainScores in ./confidence).
import type { ReviewRow } from "@/lib/db/review/view";
import { ConfidenceBadge } from "./confidence-badge";
import { explainScores } from "./confidence";
import { band } from "./text";
import s from "./review.module.css";
import c from "./confidence.module.css";

export function ScoreExplanation({ row }: { row: ReviewRow }) {
  const e = explainScores(row);
  return (
    <section className={s.section} aria-label="Score and confidence" data-testid="score-explanation" data-low={e.low ?? ""}>
      <h3>
        Score and confidence
        <span className={`${s.score} ${s[band(row.score)]}`}>{row.score === null ? "gap" : Math.round(row.score)}</span>
        <ConfidenceBadge row={row} />
      </h3>
      <p className={`${c.explain} ${e.low ? c.lowNote : ""}`}>{e.text}</p>
      <p className={c.definitions}>
        Match score: how closely the two sides&apos; words, numbers and names match. Confidence: the aligner&apos;s probability that this pair is
        right — where its boundaries are, and that it is a pair at all.
      </p>
    </section>
  );
}

"use client";
// The small second badge next to a row's match score: "conf 34%" (the aligner's confidence),
// or "edited by hand" when the pair was changed by hand and the confidence no longer applies.
import type { ReviewRow } from "@/lib/db/review/view";
import { confidenceLabel } from "./confidence";
import c from "./confidence.module.css";

export function ConfidenceBadge({ row }: { row: Pick<ReviewRow, "confidence" | "editedByHand" | "en" | "zh"> }) {
  const label = confidenceLabel(row);
  if (!label) return null;
  if (label.kind === "hand") {
    return (
      <span className={`${c.badge} ${c.hand}`} title={label.title} data-testid="confidence" data-confidence="">
        {label.text}
      </span>
    );
  }
  return (
    <span className={`${c.badge} ${c[label.band]}`} title={label.title} data-testid="confidence" data-confidence={row.confidence ?? ""}>
      {label.text}
    </span>
  );
}

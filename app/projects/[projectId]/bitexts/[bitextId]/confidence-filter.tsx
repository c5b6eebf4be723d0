"use client";
// Filter bar: the confidence range in percent (0–100, as the badges show it); the review
// index takes the same numbers (minConfidence / maxConfidence).
export function ConfidenceFilter({
  min,
  max,
  onChange,
}: {
  min: string;
  max: string;
  onChange: (which: "minConfidence" | "maxConfidence", value: string) => void;
}) {
  return (
    <label>
      Confidence %
      <input type="number" min={0} max={100} value={min} placeholder="0" onChange={(e) => onChange("minConfidence", e.target.value)} aria-label="Minimum confidence" />
      –
      <input type="number" min={0} max={100} value={max} placeholder="100" onChange={(e) => onChange("maxConfidence", e.target.value)} aria-label="Maximum confidence" />
    </label>
  );
}

"use client";
// The pair's score and its parts (coverage both ways, numbers, names, length).
import type { ReviewRow } from "@/lib/db/review/view";
import { band, isClutter, isGap, scoreParts } from "../text";
import s from "../review.module.css";

export function Parts({ row }: { row: ReviewRow }) {
  const p = scoreParts(row);
  if (!p) {
    return (
      <section className={s.section} aria-label="Score">
        <h3>Score</h3>
        <p className="muted">
          {isClutter(row)
            ? "Excluded (web clutter such as bylines or share buttons): kept visible, never aligned or scored."
            : isGap(row)
              ? "A gap: this sentence has no counterpart on the other side."
              : "Not scored."}
        </p>
      </section>
    );
  }
  const bar = (label: string, v: number | null, detail: string) => (
    <div className={s.part}>
      <span>{label}</span>
      <span className={s.partBar}>
        <span style={{ width: `${Math.round((v ?? 0) * 100)}%` }} className={s[band(v === null ? null : v * 100)]} />
      </span>
      <span className={s.partVal}>{detail}</span>
    </div>
  );
  const kinds = new Map<string, number>();
  for (const m of p.pairs ?? []) kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
  return (
    <section className={s.section} aria-label="Score parts">
      <h3>
        Score <span className={`${s.score} ${s[band(row.score)]}`}>{row.score === null ? "gap" : Math.round(row.score)}</span>
      </h3>
      {bar("中 → EN coverage", p.coverageZhEn, `${Math.round(p.coverageZhEn * 100)}%`)}
      {bar("EN → 中 coverage", p.coverageEnZh, `${Math.round(p.coverageEnZh * 100)}%`)}
      {bar("Numbers", p.numbers.score, p.numbers.total ? `${p.numbers.matched}/${p.numbers.total}` : "none")}
      {bar("Names", p.names.score, p.names.total ? `${p.names.matched}/${p.names.total}` : "none")}
      {bar("Length", p.length.score, `ratio ${p.length.ratio.toFixed(2)} (expected ${p.length.expected.toFixed(2)})`)}
      <p className={s.legend}>
        Matched:{" "}
        {[...kinds].map(([k, n]) => (
          <mark key={k} className={`${s.m} ${s[`k_${k}`] ?? ""} ${s.hot}`}>
            {n} {k === "lexicon" || k === "learned" ? "words" : k === "number" ? "numbers" : k === "name" ? "names" : k}
          </mark>
        ))}
        {!kinds.size && <span className="muted">nothing</span>}
        <span className="muted"> — hover a row to see them</span>
      </p>
    </section>
  );
}

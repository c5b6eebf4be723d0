"use client";
// Summary bar (pairs, % reviewed, editors' flags by severity, automatic findings apart, gaps)
// and the score histogram (plain SVG). The mean score cell also shows the mean confidence.
import type { ReviewSummary } from "@/lib/db/review/view";
import { band } from "./text";
import s from "./review.module.css";
import { plural } from "@/lib/text/plural";

export function SummaryBar({ summary }: { summary: ReviewSummary }) {
  const f = summary.openFlags;
  const c = summary.checkFindings;
  return (
    <dl className={s.summary} aria-label="Summary">
      <div>
        <dt>Pairs</dt>
        <dd>
          <span data-testid="pair-count">{summary.pairs.toLocaleString("en")}</span>
        </dd>
      </div>
      <div>
        <dt>Reviewed</dt>
        <dd>
          <span className={s.reviewedBar} aria-hidden>
            <span style={{ width: `${summary.reviewedPct}%` }} />
          </span>
          {summary.reviewedPct}%
        </dd>
      </div>
      <div>
        <dt title="Editors' open flags">Open flags</dt>
        <dd>
          <span className={`${s.sevCount} ${f.critical ? s.sev_critical : s.zero}`} title="critical">
            {f.critical} critical
          </span>
          <span className={`${s.sevCount} ${f.major ? s.sev_major : s.zero}`} title="major">
            {f.major} major
          </span>
          <span className={`${s.sevCount} ${f.minor ? s.sev_minor : s.zero}`} title="minor">
            {f.minor} minor
          </span>
        </dd>
      </div>
      <div className={s.checkSummary}>
        <dt title="Automatic QA findings: not editors' flags, counted apart">Automatic checks</dt>
        <dd data-testid="check-summary">
          <span className={`${s.sevCount} ${c.critical ? s.csev_critical : s.zero}`}>{c.critical} critical</span>
          <span className={`${s.sevCount} ${c.major ? s.csev_major : s.zero}`}>{c.major} major</span>
          <span className={`${s.sevCount} ${c.minor ? s.csev_minor : s.zero}`}>{c.minor} minor</span>
          {c.dismissed > 0 && <span className="muted">· {c.dismissed} dismissed</span>}
        </dd>
      </div>
      <div className={s.wrapCell}>
        <dt>Gaps</dt>
        <dd>
          {summary.enOnly} EN-only · {summary.zhOnly} 中-only
          {summary.crossing > 0 && <> · {summary.crossing} crossing</>}
          {summary.clutter > 0 && <span className="muted"> · {summary.clutter} excluded</span>}
        </dd>
      </div>
      <div>
        <dt>Mean score</dt>
        <dd>
          {summary.meanScore ?? "—"}
          {summary.meanConfidence !== null && (
            <span className="muted" data-testid="mean-confidence" title="The aligner's mean confidence (its probability that a pair is right), over the pairs that have one">
              · conf {Math.round(summary.meanConfidence * 100)}%
            </span>
          )}
        </dd>
      </div>
    </dl>
  );
}

/** 20 bars of 5 points; click a bar to filter to that range. */
export function Histogram({
  summary,
  onPick,
  selected,
}: {
  summary: ReviewSummary;
  onPick: (min: number, max: number) => void;
  selected: { min: number | null; max: number | null };
}) {
  const W = 260;
  const H = 56;
  const bins = summary.histogram;
  const max = Math.max(1, ...bins);
  const bw = W / bins.length;
  return (
    <figure className={s.histogram} aria-label="Score histogram">
      <svg width={W} height={H + 14} viewBox={`0 0 ${W} ${H + 14}`} role="img" aria-label="Number of pairs per score range">
        {bins.map((n, i) => {
          const h = n ? Math.max(2, (n / max) * H) : 0;
          const lo = i * 5;
          const on = selected.min !== null && selected.max !== null && lo >= selected.min && lo <= selected.max;
          return (
            <g key={i} onClick={() => onPick(lo, i === 19 ? 100 : lo + 5)} className={s.bin}>
              <title>{`${lo}–${i === 19 ? 100 : lo + 5}: ${plural(n, "pair")}`}</title>
              <rect x={i * bw} y={0} width={bw} height={H} fill="transparent" />
              <rect x={i * bw + 1} y={H - h} width={bw - 2} height={h} rx={1.5} className={`${s[`fill_${band(lo + 0.1)}`]} ${on ? s.binOn : ""}`} />
            </g>
          );
        })}
        <line x1={0} x2={W} y1={H + 0.5} y2={H + 0.5} stroke="#c9ccd2" />
        {[0, 40, 70, 100].map((t) => (
          <text key={t} x={Math.min(W - 8, (t / 100) * W)} y={H + 12} fontSize={9} fill="#6b7078" textAnchor={t === 0 ? "start" : t === 100 ? "end" : "middle"}>
            {t}
          </text>
        ))}
      </svg>
      <figcaption className="muted">{summary.bands.gap} gaps, not scored</figcaption>
    </figure>
  );
}

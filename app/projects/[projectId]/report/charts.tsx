// Plain SVG charts for the report (server-rendered, no chart library).
import s from "./report.module.css";
import { plural } from "@/lib/text/plural";

export const SEVERITY_COLOURS = { critical: "#b3261e", major: "#d08a16", minor: "#9aa0aa" } as const;
type Sev = keyof typeof SEVERITY_COLOURS;
const ORDER: Sev[] = ["critical", "major", "minor"];

/** Horizontal bars, one per row, stacked by severity (critical, major, minor). */
export function SeverityBars({
  rows,
  label,
  empty,
}: {
  rows: { key: string; label: string; counts: Record<Sev, number>; note?: string }[];
  label: string;
  empty: string;
}) {
  const shown = rows.filter((r) => ORDER.some((k) => r.counts[k] > 0));
  if (!shown.length) return <p className="muted">{empty}</p>;
  const max = Math.max(1, ...shown.map((r) => ORDER.reduce((a, k) => a + r.counts[k], 0)));
  const W = 560;
  const labelW = 170;
  const barW = W - labelW - 48;
  const rowH = 22;
  const H = shown.length * rowH + 4;
  return (
    <svg className={s.chart} width="100%" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      {shown.map((r, i) => {
        const y = i * rowH + 2;
        let x = labelW;
        const total = ORDER.reduce((a, k) => a + r.counts[k], 0);
        return (
          <g key={r.key}>
            <text x={labelW - 8} y={y + 14} textAnchor="end" fontSize={12} fill="#1d1f23">
              {r.label}
            </text>
            {ORDER.map((k) => {
              const w = (r.counts[k] / max) * barW;
              const rect = w > 0 && (
                <rect key={k} x={x} y={y + 3} width={Math.max(w, 1.5)} height={rowH - 8} fill={SEVERITY_COLOURS[k]} rx={2}>
                  <title>{`${r.label}: ${r.counts[k]} ${k}`}</title>
                </rect>
              );
              x += w;
              return rect;
            })}
            <text x={x + 6} y={y + 14} fontSize={12} fill="#6b7078">
              {total}
              {r.note ? ` ${r.note}` : ""}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function SeverityLegend() {
  return (
    <p className={s.legend}>
      {ORDER.map((k) => (
        <span key={k}>
          <i style={{ background: SEVERITY_COLOURS[k] }} /> {k}
        </span>
      ))}
    </p>
  );
}

/** 20 bins of 5 points, coloured by band (≥ 70 high, ≥ 40 mid, else low). */
export function ScoreHistogram({ bins }: { bins: number[] }) {
  const W = 560;
  const H = 120;
  const max = Math.max(1, ...bins);
  const bw = (W - 20) / bins.length;
  const colour = (lo: number) => (lo >= 70 ? "#1f7a44" : lo >= 40 ? "#a86500" : "#b3261e");
  return (
    <svg className={s.chart} width="100%" viewBox={`0 0 ${W} ${H + 18}`} role="img" aria-label="Pairs per score range">
      {bins.map((n, i) => {
        const h = n ? Math.max(2, (n / max) * H) : 0;
        return (
          <rect key={i} x={10 + i * bw + 1} y={H - h} width={bw - 2} height={h} fill={colour(i * 5)} rx={1.5}>
            <title>{`${i * 5}–${i === 19 ? 100 : i * 5 + 5}: ${plural(n, "pair")}`}</title>
          </rect>
        );
      })}
      <line x1={10} x2={W - 10} y1={H + 0.5} y2={H + 0.5} stroke="#c9ccd2" />
      {[0, 20, 40, 70, 100].map((t) => (
        <text key={t} x={10 + (t / 100) * (W - 20)} y={H + 14} fontSize={10} fill="#6b7078" textAnchor={t === 0 ? "start" : t === 100 ? "end" : "middle"}>
          {t}
        </text>
      ))}
    </svg>
  );
}

/** A 0–100 % bar. */
export function ShareBar({ pct, label }: { pct: number; label: string }) {
  return (
    <svg width={120} height={8} viewBox="0 0 120 8" role="img" aria-label={label} className={s.share}>
      <rect x={0} y={0} width={120} height={8} rx={4} fill="#e6e7ea" />
      <rect x={0} y={0} width={(Math.max(0, Math.min(100, pct)) / 100) * 120} height={8} rx={4} fill="#1f7a44" />
    </svg>
  );
}

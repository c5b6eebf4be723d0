import type { PairRow } from "@/lib/db/projects";

function band(score: number | null): "high" | "mid" | "low" | "none" {
  if (score === null) return "none";
  if (score >= 70) return "high";
  if (score >= 40) return "mid";
  return "low";
}

function Sentences({ items, lang }: { items: PairRow["en"]; lang: "en" | "zh" }) {
  return (
    <>
      {items.map((s) => (
        <p key={s.id} lang={lang === "zh" ? "zh-Hans" : "en"} className={lang}>
          <span className="sid">{s.position + 1}</span>
          {s.text}
          {s.excluded && <span className="tag" title={s.excludedReason ?? undefined}>excluded</span>}
        </p>
      ))}
    </>
  );
}

/** Simple side-by-side rows; the full review workspace builds on this. */
export function PairsTable({ pairs }: { pairs: PairRow[] }) {
  return (
    <table className="pairs card">
      <thead>
        <tr>
          <th style={{ width: 56 }}>#</th>
          <th>English</th>
          <th>中文</th>
          <th style={{ width: 72 }}>Score</th>
        </tr>
      </thead>
      <tbody>
        {pairs.map((p) => {
          const gap = p.en.length === 0 || p.zh.length === 0;
          const excluded = [...p.en, ...p.zh].every((s) => s.excluded);
          return (
            <tr key={p.id} className={`${gap ? "gap" : ""} ${excluded ? "excluded" : ""}`} data-pair-id={p.id}>
              <td className="num">
                {p.number}
                {p.crossing && <div className="tag" title="Out of order relative to its neighbours">↕</div>}
              </td>
              <td className="text">
                <Sentences items={p.en} lang="en" />
              </td>
              <td className="text">
                <Sentences items={p.zh} lang="zh" />
              </td>
              <td className="score">
                <span className={`score-badge ${band(p.score)}`}>{p.score === null ? "gap" : Math.round(p.score)}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

"use client";
// One pair in the list: English | Chinese side by side, score badge, status and flag chips.
// Matched words, numbers and names are highlighted on hover/focus (hovering one highlights
// its partner on the other side); corrected sentences show a diff of original vs corrected.
import { memo, useMemo, useState } from "react";
import type { ReviewRow, ReviewSentence } from "@/lib/db/review-view";
import { band, isClutter, matchRanges, scoreParts, segments, textDiff, type MatchRange } from "./text";
import s from "./review.module.css";

interface Props {
  id: number;
  row: ReviewRow | undefined;
  number: number;
  focused: boolean;
  onSelect: (id: number) => void;
}

export const PairRow = memo(function PairRow({ id, row, number, focused, onSelect }: Props) {
  const [hot, setHot] = useState<number | null>(null);
  const ranges = useMemo(() => (row ? matchRanges(row) : new Map<number, MatchRange[]>()), [row]);
  if (!row) {
    return (
      <div className={`${s.row} ${s.loading}`} id={`pair-${id}`} role="option" aria-selected={focused} data-pair-id={id}>
        <div className={s.num}>{number}</div>
        <div className={s.placeholder} />
        <div className={s.placeholder} />
        <div />
      </div>
    );
  }
  const clutter = isClutter(row);
  const openFlags = row.flags.filter((f) => !f.resolved);
  const parts = scoreParts(row);
  const title = parts
    ? `coverage 中→EN ${pct(parts.coverageZhEn)}, EN→中 ${pct(parts.coverageEnZh)}; numbers ${parts.numbers.matched}/${parts.numbers.total}; names ${parts.names.matched}/${parts.names.total}; length ${parts.length.score.toFixed(2)}`
    : row.score === null
      ? "gap: one side has no counterpart"
      : undefined;
  const b = band(row.score);
  return (
    <div
      className={[s.row, focused ? s.focused : "", clutter ? s.clutter : "", s[`st_${row.status}`] ?? ""].join(" ")}
      id={`pair-${id}`}
      role="option"
      aria-selected={focused}
      data-pair-id={id}
      data-status={row.status}
      data-kind={clutter ? "clutter" : row.en.length && row.zh.length ? "pair" : "gap"}
      onMouseDown={(e) => {
        if ((e.target as HTMLElement).closest("button, a, input, textarea, select")) return;
        onSelect(id);
      }}
      onMouseOver={(e) => {
        const m = (e.target as HTMLElement).closest("mark");
        const v = m?.dataset.m ? Number(m.dataset.m) : null;
        if (v !== hot) setHot(v);
      }}
      onMouseLeave={() => hot !== null && setHot(null)}
    >
      <div className={s.num}>
        {number}
        {row.crossing && (
          <span className={s.crossing} title="Out of order: this pair crosses its neighbours">
            ⤭
          </span>
        )}
        {row.origin === "manual" && (
          <span className={s.manual} title="Aligned by hand">
            ✎
          </span>
        )}
      </div>
      <Side sentences={row.en} lang="en" ranges={ranges} hot={hot} clutter={clutter} />
      <Side sentences={row.zh} lang="zh" ranges={ranges} hot={hot} clutter={clutter} />
      <div className={s.meta}>
        <span className={`${s.score} ${s[b]}`} title={title} aria-label={row.score === null ? "gap" : `score ${Math.round(row.score)}`}>
          {row.score === null ? (clutter ? "—" : "gap") : Math.round(row.score)}
        </span>
        {row.status !== "automatic" && <span className={`${s.status} ${s[`status_${row.status}`]}`}>{row.status}</span>}
        {openFlags.map((f) => (
          <span key={f.id} className={`${s.flagChip} ${s[`sev_${f.severity}`]}`} title={f.note || undefined}>
            {f.category}
          </span>
        ))}
      </div>
    </div>
  );
});

function pct(x: number) {
  return `${Math.round(x * 100)}%`;
}

function Side({
  sentences,
  lang,
  ranges,
  hot,
  clutter,
}: {
  sentences: ReviewSentence[];
  lang: "en" | "zh";
  ranges: Map<number, MatchRange[]>;
  hot: number | null;
  clutter: boolean;
}) {
  if (!sentences.length && clutter) return <div className={s.side} />;
  if (!sentences.length) {
    return (
      <div className={`${s.side} ${s.gapSide}`} lang={lang === "zh" ? "zh-Hans" : "en"}>
        <span className={s.gapNote}>no {lang === "en" ? "English" : "Chinese"} counterpart</span>
      </div>
    );
  }
  return (
    <div className={`${s.side} ${lang === "zh" ? s.zh : s.en}`} lang={lang === "zh" ? "zh-Hans" : "en"} data-side={lang}>
      {sentences.map((sen) => (
        <p key={sen.id} className={sen.excluded ? s.excluded : undefined}>
          <span className={s.sid}>{sen.position + 1}</span>
          {sen.corrected ? (
            <Diff original={sen.original} current={sen.text} lang={lang} />
          ) : (
            segments(sen.text, ranges.get(sen.id)).map((seg, i) =>
              seg.match ? (
                <mark key={i} data-m={seg.match.idx} className={`${s.m} ${s[`k_${seg.match.kind}`] ?? ""} ${hot === seg.match.idx ? s.hot : ""}`}>
                  {seg.text}
                </mark>
              ) : (
                <span key={i}>{seg.text}</span>
              ),
            )
          )}
          {sen.excluded && (
            <span className={s.tag} title={sen.excludedReason ?? "web clutter"}>
              excluded
            </span>
          )}
          {sen.corrected && <span className={s.tag}>corrected</span>}
        </p>
      ))}
    </div>
  );
}

export function Diff({ original, current, lang }: { original: string; current: string; lang: "en" | "zh" }) {
  const parts = useMemo(() => textDiff(original, current, lang), [original, current, lang]);
  return (
    <span className={s.diff}>
      {parts.map((p, i) =>
        p.added ? (
          <ins key={i}>{p.value}</ins>
        ) : p.removed ? (
          <del key={i}>{p.value}</del>
        ) : (
          <span key={i}>{p.value}</span>
        ),
      )}
    </span>
  );
}

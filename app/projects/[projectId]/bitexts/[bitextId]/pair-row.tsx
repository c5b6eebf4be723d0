"use client";
// One pair in the list: English | Chinese side by side, score and confidence badges, status and flag chips.
// Editors' flags and automatic check findings are shown apart: findings get dashed "⚙" chips,
// and in the focused row their evidence spans are underlined (the hovered finding's strongly).
// Matched words, numbers and names are highlighted on hover/focus (hovering one highlights
// its partner on the other side); corrected sentences show a diff of original vs corrected.
import { memo, useMemo, useState } from "react";
import type { ReviewRow, ReviewSentence } from "@/lib/db/review/view";
import type { PresenceEntry } from "@/lib/review/schema";
import { plural } from "@/lib/text/plural";
import { RowPresence } from "./presence";
import { ConfidenceBadge } from "./confidence-badge";
import { band, evidenceRanges, isCheckFinding, isClutter, layered, matchRanges, scoreParts, segments, textDiff, type EvidenceRange, type MatchRange } from "./text";
import s from "./review.module.css";
import { spansBySentence, type SpanMark } from "./span-highlight";
import { SpanText } from "./span-text";

/**
 * Marks on a row's text beyond the matched words: the automatic finding hovered in the inspector
 * (the focused row's evidence underlined strongly), and `spansOf`, extra ranges of any row by
 * sentence id (offsets into the sentence's text), drawn like evidence: the hook for search hits
 * and span flags. Keep `spansOf` stable (useCallback): every listed row calls it.
 */
export interface RowHighlights {
  hotFinding?: number | null;
  spansOf?: (row: ReviewRow) => Map<number, EvidenceRange[]> | undefined;
}

function withSpans(evidence: Map<number, EvidenceRange[]>, spans: Map<number, EvidenceRange[]> | undefined) {
  if (!spans?.size) return evidence;
  const out = new Map(evidence);
  for (const [id, list] of spans) out.set(id, [...(out.get(id) ?? []), ...list]);
  return out;
}

interface Props {
  id: number;
  row: ReviewRow | undefined;
  number: number;
  focused: boolean;
  /** marks on the text (the hovered finding: focused row only) */
  highlights?: RowHighlights;
  onSelect: (id: number) => void;
  /** other people who have this pair open (or are editing it) */
  others?: PresenceEntry[];
  /** an unsaved correction of this pair is kept in this browser */
  drafted?: boolean;
  /** the signed-in user's id */
  me?: number;
}

export const PairRow = memo(function PairRow({ id, row, number, focused, highlights, onSelect, others, drafted = false, me = 0 }: Props) {
  const [hot, setHot] = useState<number | null>(null);
  const ranges = useMemo(() => (row ? matchRanges(row) : new Map<number, MatchRange[]>()), [row]);
  const spans = useMemo(() => spansBySentence(row), [row]); // editors' span flags, highlighted in the row
  const evidence = useMemo(
    () => (row ? withSpans(focused ? evidenceRanges(row, highlights?.hotFinding ?? null) : new Map<number, EvidenceRange[]>(), highlights?.spansOf?.(row)) : new Map<number, EvidenceRange[]>()),
    [row, focused, highlights],
  );
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
  const openFlags = row.flags.filter((f) => !f.resolved && !isCheckFinding(f));
  const findings = row.flags.filter((f) => !f.resolved && isCheckFinding(f));
  const findingGroups = new Map<string, { n: number; worst: string; notes: string[] }>();
  const rank = { minor: 1, major: 2, critical: 3 } as Record<string, number>;
  for (const f of findings) {
    const g = findingGroups.get(f.category) ?? { n: 0, worst: "minor", notes: [] };
    g.n++;
    if ((rank[f.severity] ?? 0) > (rank[g.worst] ?? 0)) g.worst = f.severity;
    g.notes.push(`${f.checkId ?? f.category} (${f.severity}): ${f.note}`);
    findingGroups.set(f.category, g);
  }
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
      data-findings={findings.length}
      data-draft={drafted ? "" : undefined}
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
      <Side sentences={row.en} lang="en" ranges={ranges} evidence={evidence} hot={hot} clutter={clutter} spans={spans} />
      <Side sentences={row.zh} lang="zh" ranges={ranges} evidence={evidence} hot={hot} clutter={clutter} spans={spans} />
      <div className={s.meta}>
        <span className={`${s.score} ${s[b]}`} title={title} aria-label={row.score === null ? "gap" : `score ${Math.round(row.score)}`}>
          {row.score === null ? (clutter ? "—" : "gap") : Math.round(row.score)}
        </span>
        <ConfidenceBadge row={row} />
        {row.status !== "automatic" && <span className={`${s.status} ${s[`status_${row.status}`]}`}>{row.status}</span>}
        {openFlags.map((f) => (
          <span key={f.id} className={`${s.flagChip} ${s[`sev_${f.severity}`]}`} title={f.note || undefined} data-flag="editor">
            {f.category}
          </span>
        ))}
        {findingGroups.size > 0 && (
          <span className={s.checkChips} aria-label={plural(findings.length, "automatic finding")}>
            {[...findingGroups].map(([cat, g]) => (
              <span key={cat} className={`${s.checkChip} ${s[`csev_${g.worst}`]}`} title={g.notes.join("\n")} data-flag="check">
                ⚙ {cat}
                {g.n > 1 ? ` ×${g.n}` : ""}
              </span>
            ))}
          </span>
        )}
        {drafted && (
          <span className={s.draftChip} title="An unsaved correction of this pair is kept in this browser">
            draft
          </span>
        )}
        <RowPresence people={others} me={me} />
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
  evidence,
  hot,
  clutter,
  spans,
}: {
  /** span flags by sentence id */
  spans: Map<number, SpanMark[]>;
  sentences: ReviewSentence[];
  lang: "en" | "zh";
  ranges: Map<number, MatchRange[]>;
  evidence: Map<number, EvidenceRange[]>;
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
        <p key={sen.id} className={sen.excluded ? s.excluded : undefined} data-sentence-id={sen.id} data-sentence-side={lang /* a mouse selection is mapped to this sentence (span flags) */}>
          <span className={s.sid}>{sen.position + 1}</span>
          {sen.corrected ? (
            <Diff original={sen.original} current={sen.text} lang={lang} />
          ) : spans.has(sen.id) ? (
            <SpanText text={sen.text} spans={spans.get(sen.id)!} />
          ) : (
            layered(segments(sen.text, ranges.get(sen.id)), evidence.get(sen.id)).map((seg, i) => {
              const ev = seg.evidence ? `${s.evid} ${seg.evidence === "hot" ? s.evidHot : ""}` : "";
              return seg.match ? (
                <mark
                  key={i}
                  data-m={seg.match.idx}
                  data-evidence={seg.evidence}
                  className={`${s.m} ${s[`k_${seg.match.kind}`] ?? ""} ${hot === seg.match.idx ? s.hot : ""} ${ev}`}
                >
                  {seg.text}
                </mark>
              ) : seg.evidence ? (
                <span key={i} className={ev} data-evidence={seg.evidence}>
                  {seg.text}
                </span>
              ) : (
                <span key={i}>{seg.text}</span>
              );
            })
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

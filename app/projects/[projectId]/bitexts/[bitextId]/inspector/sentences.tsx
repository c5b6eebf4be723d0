"use client";
// The pair's sentences with their alignment fixes: move, split, exclude/restore, join.
import { useRef, useState } from "react";
import type { ReviewRow, ReviewSentence } from "@/lib/db/review/view";
import type { Actions } from "./types";
import s from "../review.module.css";

export function Sentences({
  row,
  prev,
  next,
  hasPrev,
  hasNext,
  busy,
  actions,
}: {
  row: ReviewRow;
  prev: ReviewRow | undefined;
  next: ReviewRow | undefined;
  hasPrev: boolean;
  hasNext: boolean;
  busy: boolean;
  actions: Actions | null;
}) {
  const [splitting, setSplitting] = useState<number | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const list = (lang: "en" | "zh") => {
    const side = row[lang];
    return side.map((sen, i) => {
      const first = i === 0;
      const last = i === side.length - 1;
      const nextInPair = side[i + 1];
      const nextSide = next?.[lang] ?? [];
      const joinTarget: { b: ReviewSentence; other: ReviewRow | null } | null =
        nextInPair && nextInPair.position === sen.position + 1
          ? { b: nextInPair, other: null }
          : last && next && nextSide[0] && nextSide[0].position === sen.position + 1
            ? { b: nextSide[0], other: next }
            : null;
      return (
        <li key={sen.id} lang={lang === "zh" ? "zh-Hans" : "en"} data-sentence-id={sen.id}>
          <div className={s.sentText}>
            <span className={s.sid}>{sen.position + 1}</span>
            {sen.text.length > 120 ? `${sen.text.slice(0, 120)}…` : sen.text}
          </div>
          {!actions ? null : splitting === sen.id ? (
            <div className={s.sentSplit}>
              <textarea ref={area} readOnly defaultValue={sen.original} rows={3} aria-label="Place the cursor where the sentence splits" />
              <div className={s.formButtons}>
                <button
                  type="button"
                  className={s.primary}
                  disabled={busy}
                  onClick={async () => {
                    const offset = area.current?.selectionStart ?? 0;
                    if (await actions.splitSentence(row, sen, offset)) setSplitting(null);
                  }}
                >
                  Split at cursor
                </button>
                <button type="button" onClick={() => setSplitting(null)}>
                  Cancel
                </button>
              </div>
            </div>
          ) : (
            <div className={s.sentButtons}>
              {first && hasPrev && (
                <button type="button" className={s.link} disabled={busy} onClick={() => actions.move(row, sen, "previous")} title="Move to the previous pair">
                  ↑ to previous pair
                </button>
              )}
              {last && hasNext && (
                <button type="button" className={s.link} disabled={busy} onClick={() => actions.move(row, sen, "next")} title="Move to the next pair">
                  ↓ to next pair
                </button>
              )}
              {!sen.corrected && sen.original.length > 1 && (
                <button type="button" className={s.link} disabled={busy} onClick={() => setSplitting(sen.id)}>
                  Split sentence…
                </button>
              )}
              <button
                type="button"
                className={s.link}
                disabled={busy}
                onClick={() => actions.setExcluded(row, sen, !sen.excluded)}
                title={sen.excluded ? `Excluded as ${sen.excludedReason ?? "web clutter"}: restore it as text to align` : "Mark as web clutter (kept, never aligned)"}
              >
                {sen.excluded ? "Restore sentence" : "Exclude"}
              </button>
              {joinTarget && (
                <button
                  type="button"
                  className={s.link}
                  disabled={busy}
                  onClick={() => actions.join(row, sen, joinTarget.b, joinTarget.other)}
                  title={joinTarget.other ? "Join with the first sentence of the next pair" : "Join with the next sentence"}
                >
                  Join with next sentence
                </button>
              )}
            </div>
          )}
        </li>
      );
    });
  };
  void prev;
  return (
    <section className={s.section} aria-label="Sentences">
      <h3>Sentences</h3>
      {row.en.length > 0 && <ol className={s.sentList}>{list("en")}</ol>}
      {row.zh.length > 0 && <ol className={`${s.sentList} ${s.zhText}`}>{list("zh")}</ol>}
    </section>
  );
}

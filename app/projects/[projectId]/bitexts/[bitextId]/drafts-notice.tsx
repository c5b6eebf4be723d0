"use client";
// Unsaved corrections kept in this browser (after a reload, a closed tab, or a closed form):
// which pairs have one, each a button that opens its edit form again.
import { useState } from "react";
import type { Drafts } from "./use-drafts";
import s from "./review.module.css";

export function DraftsNotice({
  drafts,
  number,
  focusId,
  editing,
  onOpen,
  onDiscard,
}: {
  drafts: Drafts;
  /** a pair's number in the list (0: no longer there) */
  number: (pairId: number) => number;
  focusId: number | null;
  editing: boolean;
  onOpen: (pairId: number) => void;
  onDiscard: (sentenceIds: number[]) => void;
}) {
  const [hidden, setHidden] = useState(false);
  const groups = new Map<number, number[]>();
  for (const [id, d] of Object.entries(drafts)) groups.set(d.pairId, [...(groups.get(d.pairId) ?? []), Number(id)]);
  const list = [...groups].filter(([pairId]) => !(editing && pairId === focusId));
  if (hidden || !list.length) return null;
  const shown = list.slice(0, 5);
  return (
    <div className={`${s.notice} ${s.notice_draft}`} data-testid="drafts-notice">
      <span>
        Unsaved corrections, kept in this browser:{" "}
        {shown.map(([pairId, ids], i) => {
          const n = number(pairId);
          return (
            <span key={pairId}>
              {i > 0 ? ", " : ""}
              {n ? (
                <button type="button" className={s.link} onClick={() => onOpen(pairId)}>
                  pair {n}
                  {ids.length > 1 ? ` (${ids.length} sentences)` : ""}
                </button>
              ) : (
                <>
                  a pair that has changed since{" "}
                  <button type="button" className={s.link} onClick={() => onDiscard(ids)}>
                    discard
                  </button>
                </>
              )}
            </span>
          );
        })}
        {list.length > shown.length ? ` and ${list.length - shown.length} more` : ""}
      </span>
      <button type="button" className={s.link} onClick={() => setHidden(true)} aria-label="Hide this notice">
        ×
      </button>
    </div>
  );
}

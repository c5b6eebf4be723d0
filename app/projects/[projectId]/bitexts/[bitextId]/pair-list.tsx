"use client";
// The windowed pair list on TanStack Virtual: only the rows near the viewport are in the DOM,
// measured as they render; each row reads its pair through the query cache (useRow). The focused
// row is kept in view; `scrollToTop` is bumped when the sort or the filters change.
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useEffect, useRef, type ReactNode } from "react";
import type { PresenceEntry } from "@/lib/review/schema";
import { plural } from "@/lib/text/plural";
import { CLUTTER_ROW } from "./nav";
import { PairRow, type RowHighlights } from "./pair-row";
import { hasDraft, type DraftStore } from "./use-drafts";
import { useRow } from "./use-rows";
import s from "./review.module.css";


interface Props {
  bitextId: number;
  ids: number[];
  focusId: number | null;
  /** a pair's number (1-based, reading order) */
  number: (id: number) => number;
  onSelect: (id: number) => void;
  /** changes when the list should start again from the top (new sort or filters) */
  resetKey: string;
  clutter: { count: number; shown: boolean; toggle: () => void };
  others: Map<number, PresenceEntry[]>;
  drafts: DraftStore["drafts"];
  me: number;
  /** extra marks on the rows' text (the focused row's hovered finding, search hits, span flags) */
  highlights?: RowHighlights;
}

export function PairList(p: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: p.ids.length,
    getScrollElement: () => ref.current,
    estimateSize: () => 76,
    overscan: 8,
    getItemKey: (i) => p.ids[i],
  });
  // a new sort or filter starts from the top (not on the first render: the page may open on a pair)
  const shownKey = useRef(p.resetKey);
  useEffect(() => {
    if (shownKey.current === p.resetKey) return;
    shownKey.current = p.resetKey;
    ref.current?.scrollTo({ top: 0 });
  }, [p.resetKey]);
  const focusIndex = p.focusId === null ? -1 : p.ids.indexOf(p.focusId);
  // Rows are measured as they render and load, so the first scroll to a far row (End, g) lands
  // on estimated heights; for a moment after a focus change it is done again as they settle.
  // (Not later: a reader scrolling away must not be pulled back.)
  const settleUntil = useRef(0);
  useEffect(() => {
    if (focusIndex < 0) return;
    settleUntil.current = performance.now() + 1500;
    v.scrollToIndex(focusIndex, { align: "auto" });
  }, [focusIndex, v]);
  const totalSize = v.getTotalSize();
  useEffect(() => {
    if (focusIndex >= 0 && performance.now() < settleUntil.current) v.scrollToIndex(focusIndex, { align: "auto" });
  }, [totalSize, focusIndex, v]);

  return (
    <div
      ref={ref}
      className={s.list}
      role="listbox"
      aria-label="Pairs"
      aria-activedescendant={p.focusId !== null ? `pair-${p.focusId}` : undefined}
      tabIndex={0}
    >
      {p.ids.length === 0 ? (
        <div className="empty">No pair matches these filters.</div>
      ) : (
        <div style={{ position: "relative", height: v.getTotalSize() }}>
          {v.getVirtualItems().map((item) => {
            const id = p.ids[item.index];
            return (
              <div key={item.key} ref={v.measureElement} data-index={item.index} data-vid={id} className="vrow" style={{ position: "absolute", top: item.start, left: 0, right: 0 }}>
                {id === CLUTTER_ROW ? <ClutterToggle {...p.clutter} /> : <PairItem id={id} {...p} />}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

const PairItem = memo(function PairItem({ id, bitextId, focusId, number, onSelect, others, drafts, me, highlights }: Props & { id: number }) {
  const row = useRow(bitextId, id);
  const focused = id === focusId;
  return (
    <PairRow
      id={id}
      row={row}
      number={number(id)}
      focused={focused}
      highlights={highlights}
      onSelect={onSelect}
      others={others.get(id)}
      drafted={hasDraft(row, drafts)}
      me={me}
    />
  );
});

function ClutterToggle({ count, shown, toggle }: Props["clutter"]): ReactNode {
  return (
    <button type="button" className={s.clutterToggle} aria-expanded={shown} data-testid="clutter-toggle" onClick={toggle}>
      <span aria-hidden>{shown ? "▾" : "▸"}</span> {shown ? "Hide" : "Show"} {plural(count, "excluded pair")} of web clutter
      <span className="muted"> — bylines, sources, navigation: kept, never aligned, never exported</span>
    </button>
  );
}

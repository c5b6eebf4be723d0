"use client";
// Moving the focus through the list: by one, to the ends, to the next/previous unreviewed pair or
// pair with an open finding (in the list's order, wrapping), to a pair by its number, and
// confirm-and-next. Used by the key handlers and the buttons alike.
import { useCallback, useMemo } from "react";
import type { PairIndex, ReviewRow } from "@/lib/db/review/view";
import type { Actions } from "./inspector/types";
import { nextMarked, pairByNumber } from "./nav";
import type { Notice } from "./notice";

interface Context {
  index: PairIndex;
  /** the pair rows of the list, in its order (the clutter toggle left out) */
  navIds: number[];
  focusId: number | null;
  focusRow: ReviewRow | undefined;
  setFocus: (id: number | null) => void;
  actions: Actions | null;
  busy: boolean;
  filtered: boolean;
  /** shows collapsed clutter (going to a clutter pair) */
  showClutter: () => void;
  notify: (n: Notice | null) => void;
}

export function useNavigation(c: Context) {
  const { index, navIds, focusId, focusRow, setFocus, actions, busy, filtered, showClutter, notify } = c;
  const unreviewed = useMemo(() => new Set(index.unreviewed), [index.unreviewed]);
  const findings = useMemo(() => new Set(index.findings), [index.findings]);

  const move = useCallback(
    (delta: number | "first" | "last") => {
      if (!navIds.length) return;
      const at = focusId === null ? -1 : navIds.indexOf(focusId);
      const i = delta === "first" ? 0 : delta === "last" ? navIds.length - 1 : Math.min(navIds.length - 1, Math.max(0, (at < 0 ? 0 : at) + delta));
      setFocus(navIds[i]);
    },
    [navIds, focusId, setFocus],
  );

  const toMarked = useCallback(
    (marked: Set<number>, dir: 1 | -1, what: string, skip?: Set<number>) => {
      const id = nextMarked(navIds, focusId, marked, dir, skip);
      if (id === null) notify({ kind: "ok", text: `No ${what} in this list` });
      else setFocus(id);
      return id;
    },
    [navIds, focusId, setFocus, notify],
  );

  const nextUnreviewed = (dir: 1 | -1) => toMarked(unreviewed, dir, "other unreviewed pair");
  const nextFinding = (dir: 1 | -1) => toMarked(findings, dir, "other pair with an open finding");

  /** confirms the focused pair, then moves to the next unreviewed one */
  const confirmNext = useCallback(async () => {
    if (!actions || !focusRow || busy) return;
    const id = focusRow.id;
    if (focusRow.status !== "confirmed" && !(await actions.setStatus(focusRow, "confirmed"))) return;
    const next = nextMarked(navIds, id, unreviewed, 1, new Set([id]));
    if (next === null) notify({ kind: "ok", text: "Confirmed: no unreviewed pair is left in this list" });
    else setFocus(next);
  }, [actions, focusRow, busy, navIds, unreviewed, notify, setFocus]);

  /** the pair with this number, or the reason it cannot be shown */
  const goto = (input: string): string | null => {
    const found = pairByNumber(index.order, input);
    if ("error" in found) return found.error;
    if (!navIds.includes(found.id)) {
      if (index.clutter.includes(found.id) && !filtered) showClutter();
      else return `Pair ${input.trim()} is not in this list: clear the filters to see it`;
    }
    setFocus(found.id);
    return null;
  };

  return { move, nextUnreviewed, nextFinding, confirmNext, goto };
}

"use client";
// Others' changes (other tabs, other people) from the live feed (use-live.ts) into the query
// cache: their rows read again and merged (never over this tab's newer answer; a draft is never
// touched), the index read again, and a short note of each ("Bob confirmed pair 12").
import { useCallback, useRef, useState } from "react";
import type { PairIndex, ReviewRow } from "@/lib/db/review/view";
import type { ChangesAnswer } from "@/lib/review/schema";
import { loadRows } from "./client-api";
import type { LiveNote } from "./presence";
import { describeChange } from "./use-live";
import type { RowCache } from "./use-rows";

const NOTE_MS = 8000;
/** more rows than this to read again: every row is marked stale instead (what is on screen is read) */
const MAX_REREAD = 600;
/** actions after which sentence numbers shift: every cached row is read again */
const RENUMBERING = ["sentence.split", "sentence.join", "undo", "realign"];

interface Context {
  bitextId: number;
  userId: number;
  rows: RowCache;
  own: Set<number>;
  order: number[];
  refreshIndex: (how: "all" | "summary") => Promise<PairIndex | null>;
  refocus: (next: PairIndex, want: number | null | undefined, alt?: number[]) => void;
}

export function useLiveReview(ctx: Context) {
  const [notes, setNotes] = useState<LiveNote[]>([]);
  const seq = useRef(0);
  const addNotes = useCallback((texts: string[]) => {
    if (!texts.length) return;
    const fresh = texts.slice(-3).map((text) => ({ id: ++seq.current, text }));
    setNotes((cur) => [...cur, ...fresh].slice(-3));
    setTimeout(() => setNotes((cur) => cur.filter((n) => !fresh.includes(n))), NOTE_MS);
  }, []);

  const onChanges = async (a: ChangesAnswer) => {
    const { bitextId, userId, rows, own, refreshIndex, refocus } = ctx;
    const foreign = a.changes.filter((c) => !own.has(c.auditId));
    if (!foreign.length && !a.truncated) return;
    const since = Date.now();
    const deleted = [...new Set(foreign.flatMap((c) => c.deletedPairIds))];
    const gone = new Set(deleted);
    const ids = [...new Set(foreign.flatMap((c) => c.pairIds))].filter((id) => !gone.has(id));
    const structural = a.truncated || foreign.some((c) => c.structural);
    const renumbered = a.truncated || foreign.some((c) => RENUMBERING.includes(c.action));
    let order = ctx.order;
    if (structural) {
      const next = await refreshIndex("all");
      if (next) {
        order = next.order;
        refocus(next, undefined, ids);
      }
    } else void refreshIndex("summary");
    const want = renumbered ? [...new Set([...ids, ...rows.cachedIds().filter((id) => !gone.has(id))])] : ids;
    let got: ReviewRow[] = [];
    if (want.length > MAX_REREAD) await rows.invalidateAll();
    else if (want.length) {
      got = await loadRows(bitextId, want);
      rows.merge(got, since, deleted);
    } else if (deleted.length) rows.merge([], since, deleted);
    const number = new Map(order.map((id, i) => [id, i + 1]));
    const status = new Map(got.map((r) => [r.id, r.status]));
    addNotes(foreign.filter((c) => c.actorId !== userId).map((c) => describeChange(c, (id) => number.get(id) ?? 0, (id) => status.get(id))));
  };
  return { notes, onChanges };
}

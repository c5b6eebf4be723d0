"use client";
// The pair index (ids in the list's order, reading order, clutter, summary) as a query keyed by
// the filters (typed filters settle for 200 ms first). After a change that moves nothing, only the
// summary and the markers are read again and the list keeps its order (a confirmed pair does not
// jump away under "needs attention first"); after a structural change the whole index is read.
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import type { PairIndex } from "@/lib/db/review/view";
import { loadIndex, type Filters } from "./client-api";
import { reviewKeys } from "./query";

const SETTLE_MS = 200;

export const sameFilters = (a: Filters, b: Filters) => JSON.stringify(a) === JSON.stringify(b);

function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

export interface IndexQuery {
  index: PairIndex;
  /** the filters the index answers */
  applied: Filters;
  /** a newer index is being read (new filters, or a refresh) */
  loading: boolean;
  /** false while the previous filters' index is still shown */
  current: boolean;
  error: Error | null;
  /** reads the index again: "all" (new order) or "summary" (same ids, fresh summary and markers) */
  refresh: (how: "all" | "summary") => Promise<PairIndex | null>;
}

export function usePairIndex(bitextId: number, filters: Filters, initial: { filters: Filters; index: PairIndex }): IndexQuery {
  const qc = useQueryClient();
  const applied = useSettled(filters, SETTLE_MS);
  const q = useQuery({
    queryKey: reviewKeys.index(bitextId, applied),
    queryFn: () => loadIndex(bitextId, applied),
    initialData: sameFilters(applied, initial.filters) ? initial.index : undefined,
    placeholderData: keepPreviousData,
    // another filter, or back to one seen before: read again if older than this
    staleTime: 2000,
  });
  const refresh = useCallback(
    async (how: "all" | "summary") => {
      const key = reviewKeys.index(bitextId, applied);
      try {
        if (how === "all") return await qc.fetchQuery({ queryKey: key, queryFn: () => loadIndex(bitextId, applied), staleTime: 0 });
        const next = await loadIndex(bitextId, applied);
        qc.setQueryData<PairIndex>(key, (cur) => (cur ? { ...next, ids: cur.ids } : next));
        return next;
      } catch {
        return null;
      }
    },
    [qc, bitextId, applied],
  );
  return {
    index: q.data ?? initial.index,
    applied,
    loading: q.isFetching || !sameFilters(applied, filters),
    current: !q.isPlaceholderData,
    error: q.error,
    refresh,
  };
}

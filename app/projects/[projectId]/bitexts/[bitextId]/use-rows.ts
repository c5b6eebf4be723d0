"use client";
// Rows through the query cache, one query per pair id: the list and the inspector read them
// with useRow (fetched in batches, kept until changed); operations and the live feed write
// the rows the server returns with the helpers of useRowCache.
import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import type { ReviewRow } from "@/lib/db/review/view";
import { ApiError, loadRows } from "./client-api";
import { loadRowBatched, reviewKeys } from "./query";

/** The row of one pair (undefined while it loads or when id is null). */
export function useRow(bitextId: number, id: number | null | undefined): ReviewRow | undefined {
  const q = useQuery({
    queryKey: reviewKeys.row(bitextId, id ?? 0),
    queryFn: () => loadRowBatched(bitextId, id!),
    enabled: id !== null && id !== undefined && id > 0,
  });
  return q.data ?? undefined;
}

/** Rows the server rendered with the page, put in the cache before the first render. */
export function seedRows(qc: QueryClient, bitextId: number, rows: ReviewRow[]) {
  for (const r of rows) if (qc.getQueryData(reviewKeys.row(bitextId, r.id)) === undefined) qc.setQueryData(reviewKeys.row(bitextId, r.id), r);
}

export interface RowCache {
  get(id: number): ReviewRow | undefined;
  /** the cached row, else read it (a pair gone: 404) */
  ensure(id: number): Promise<ReviewRow>;
  /** this tab's own answer: its rows replace the cached ones, deleted pairs leave */
  put(rows: ReviewRow[], deleted?: number[]): void;
  /**
   * Rows read again (live, or after a conflict), the read begun at `since` (Date.now()): each
   * replaces the cached one unless the cache was written after the read began or holds a newer version.
   */
  merge(rows: ReviewRow[], since: number, deleted?: number[]): void;
  /** ids of every cached row */
  cachedIds(): number[];
  /** every row is stale: the ones on screen are read again, the others when next shown */
  invalidateAll(except?: number[]): Promise<void>;
  /** reads these rows again and merges them */
  refresh(ids: number[]): Promise<void>;
}

export function useRowCache(bitextId: number): RowCache {
  const qc = useQueryClient();
  return useMemo(() => rowCache(qc, bitextId), [qc, bitextId]);
}

function rowCache(qc: QueryClient, bitextId: number): RowCache {
  const key = (id: number) => reviewKeys.row(bitextId, id);
  const cache: RowCache = {
    get: (id) => qc.getQueryData<ReviewRow | null>(key(id)) ?? undefined,
    async ensure(id) {
      const r = await qc.ensureQueryData({ queryKey: key(id), queryFn: () => loadRowBatched(bitextId, id) });
      if (!r) throw new ApiError(`Pair ${id} no longer exists; reload`, 404, null, null);
      return r;
    },
    put(rows, deleted = []) {
      for (const id of deleted) qc.setQueryData(key(id), null);
      for (const r of rows) qc.setQueryData(key(r.id), r);
    },
    merge(rows, since, deleted = []) {
      for (const id of deleted) qc.setQueryData(key(id), null);
      for (const r of rows) {
        const state = qc.getQueryState<ReviewRow | null>(key(r.id));
        if (state && state.dataUpdatedAt > since) continue;
        if (state?.data && state.data.version > r.version) continue;
        qc.setQueryData(key(r.id), r);
      }
    },
    cachedIds: () =>
      qc
        .getQueriesData<ReviewRow | null>({ queryKey: reviewKeys.rows(bitextId) })
        .map(([, r]) => r?.id)
        .filter((id): id is number => id !== undefined),
    async invalidateAll(except = []) {
      const keep = new Set(except);
      await qc.invalidateQueries({ queryKey: reviewKeys.rows(bitextId), predicate: (q) => !keep.has(q.queryKey[3] as number) });
    },
    async refresh(ids) {
      const since = Date.now();
      cache.merge(await loadRows(bitextId, ids), since);
    },
  };
  return cache;
}

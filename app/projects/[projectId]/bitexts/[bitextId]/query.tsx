"use client";
// TanStack Query for the review page: one QueryClient per page (QueryProvider), the query keys
// of the review data, and a batcher that gathers the rows asked for within a few milliseconds
// into one request (a windowed list asks for a dozen rows at once, each through its own query).
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import type { ReviewRow } from "@/lib/db/review/view";
import { ApiError, loadRows, type Filters } from "./client-api";

export const reviewKeys = {
  all: (bitextId: number) => ["review", bitextId] as const,
  indexes: (bitextId: number) => ["review", bitextId, "index"] as const,
  index: (bitextId: number, f: Filters) => ["review", bitextId, "index", f] as const,
  rows: (bitextId: number) => ["review", bitextId, "row"] as const,
  row: (bitextId: number, id: number) => ["review", bitextId, "row", id] as const,
  changes: (bitextId: number) => ["review", bitextId, "changes"] as const,
  job: (jobId: number) => ["job", jobId] as const,
};

export function QueryProvider({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // the live feed says when something changed: no refetch on focus or mount
          // a refusal (4xx: a bad regular expression, signed out) is not tried again
          queries: { staleTime: Infinity, refetchOnWindowFocus: false, retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 1 },
          mutations: { retry: false },
        },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

const BATCH_MS = 15;

/** Rows asked for within BATCH_MS, read in one go (client-api's loadRows chunks long lists). */
class RowBatcher {
  private wanted = new Map<number, { resolve: (r: ReviewRow | null) => void; reject: (e: unknown) => void }[]>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  constructor(private bitextId: number) {}

  load(id: number): Promise<ReviewRow | null> {
    return new Promise((resolve, reject) => {
      const waiting = this.wanted.get(id) ?? [];
      waiting.push({ resolve, reject });
      this.wanted.set(id, waiting);
      this.timer ??= setTimeout(() => void this.flush(), BATCH_MS);
    });
  }

  private async flush() {
    const batch = this.wanted;
    this.wanted = new Map();
    this.timer = null;
    try {
      const rows = new Map((await loadRows(this.bitextId, [...batch.keys()])).map((r) => [r.id, r]));
      for (const [id, waiting] of batch) waiting.forEach((w) => w.resolve(rows.get(id) ?? null));
    } catch (e) {
      for (const waiting of batch.values()) waiting.forEach((w) => w.reject(e));
    }
  }
}

const batchers = new Map<number, RowBatcher>();

/** One row through the batcher (null: the pair no longer exists). */
export function loadRowBatched(bitextId: number, id: number): Promise<ReviewRow | null> {
  let b = batchers.get(bitextId);
  if (!b) batchers.set(bitextId, (b = new RowBatcher(bitextId)));
  return b.load(id);
}

"use client";
// Every change of the review page as a mutation: the body typed from the shared schema
// (PairOpInput, lib/review/schema.ts), sent with the version(s) read; the rows of the answer
// replace those rows in the query cache, and the index is read again (whole after a structural
// change, else its summary). Undo and re-alignment (a background job for long documents) too.
import { useMutation } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import type { PairIndex } from "@/lib/db/review/view";
import type { PairOpInput } from "@/lib/review/schema";
import { plural } from "@/lib/text/plural";
import { api, postOp, type OpResult } from "./client-api";
import { errorNotice, type Notice } from "./notice";
import { useJob, type JobState } from "./use-jobs";
import type { RowCache } from "./use-rows";

export interface OpsContext {
  bitextId: number;
  canEdit: boolean;
  rows: RowCache;
  refreshIndex: (how: "all" | "summary") => Promise<PairIndex | null>;
  /** audit rows of this tab's own changes (the live feed skips them) */
  own: Set<number>;
  /** moves the focus after a structural change: to `want` if listed, else to one of `alt`, else the first */
  refocus: (next: PairIndex, want: number | null | undefined, alt?: number[]) => void;
  notify: (n: Notice | null) => void;
}

export interface OpRequest {
  pairId: number;
  body: PairOpInput;
  /** what the notice says once done */
  done: string;
  /** the pair to focus after a structural change */
  focusAfter?: number;
}

interface RealignResult {
  pairsBefore: number;
  pairsAfter: number;
  stretches: number;
  jobId?: number;
}

export function usePairOps(ctx: OpsContext) {
  const { bitextId, canEdit, rows, refreshIndex, own, refocus, notify } = ctx;
  const mutationKey = ["review-op", bitextId];

  /** The answer of a change: its rows in the cache, the index read again. */
  const apply = useCallback(
    async (r: OpResult, focusAfter?: number) => {
      if (r.auditId) own.add(r.auditId);
      rows.put(r.rows, r.deletedPairIds);
      // sentence numbers shift after a sentence split/join: every other cached row is read again
      if (r.op === "sentence.split" || r.op === "sentence.join") void rows.invalidateAll(r.rows.map((x) => x.id));
      if (!r.structural) return void refreshIndex("summary");
      const next = await refreshIndex("all");
      if (next) refocus(next, focusAfter, r.rows.map((x) => x.id));
    },
    [own, rows, refreshIndex, refocus],
  );

  const refused = useCallback(() => {
    if (canEdit) return false;
    notify({ kind: "error", text: "Read-only: viewers can read and export this project but not change it" });
    return true;
  }, [canEdit, notify]);

  const opMutation = useMutation({
    mutationKey,
    mutationFn: (req: OpRequest) => postOp(req.pairId, req.body),
    onSuccess: async (r, req) => {
      await apply(r, req.focusAfter);
      const problem = r.rowsError ?? r.checksError;
      notify(problem ? { kind: "error", text: `${req.done}. ${problem}` } : { kind: "ok", text: req.done });
    },
    onError: (e) => notify(errorNotice(e)),
  });

  /** Runs one operation; its answer, or null (refused, or failed and told). */
  const run = useCallback(
    async (req: OpRequest): Promise<OpResult | null> => {
      if (refused()) return null;
      try {
        return await opMutation.mutateAsync(req);
      } catch {
        return null;
      }
    },
    [refused, opMutation],
  );

  /** Starts over from the server: every row and the index read again, the focus kept if it can be. */
  const reloadAll = useCallback(async () => {
    notify(null);
    await rows.invalidateAll();
    const next = await refreshIndex("all");
    if (next) refocus(next, undefined);
  }, [rows, refreshIndex, refocus, notify]);

  const undoMutation = useMutation({
    mutationKey,
    mutationFn: () => api<{ undone: { action: string } | null }>(`/api/bitexts/${bitextId}/undo`, { method: "POST" }),
    onSuccess: async (r) => {
      if (!r.undone) return notify({ kind: "ok", text: "Nothing of yours to undo here" });
      // undo may touch any pairs: every row is read again, the focus and the scroll position kept
      await reloadAll();
      notify({ kind: "ok", text: `Undid: ${r.undone.action}` });
    },
    onError: (e) => notify(errorNotice(e)),
  });

  const [realignJob, setRealignJob] = useState<number | null>(null);
  const realignDone = useCallback(
    async (r: RealignResult) => {
      await reloadAll();
      notify({ kind: "ok", text: `Re-aligned ${plural(r.stretches, "stretch", "stretches")}: ${r.pairsBefore} → ${plural(r.pairsAfter, "pair")}` });
    },
    [reloadAll, notify],
  );
  const job = useJob<RealignResult>(realignJob, (j: JobState<RealignResult>) => {
    setRealignJob(null);
    if (j.status === "done" && j.result) void realignDone(j.result);
    else notify({ kind: "error", text: j.error ?? `Re-alignment ${j.status}` });
  });
  const realignMutation = useMutation({
    mutationKey,
    mutationFn: () => api<RealignResult>(`/api/bitexts/${bitextId}/realign`, { method: "POST" }),
    onMutate: () => notify({ kind: "ok", text: "Re-aligning…" }),
    // a long document re-aligns as a background job: followed by useJob
    onSuccess: (r) => (r.jobId !== undefined ? setRealignJob(r.jobId) : realignDone(r)),
    onError: (e) => notify(errorNotice(e)),
  });

  const undo = useCallback(() => {
    if (!refused()) undoMutation.mutate();
  }, [refused, undoMutation]);
  const realign = useCallback(() => {
    if (refused()) return;
    if (!window.confirm("Re-align every pair that is not confirmed? Confirmed pairs stay as they are.")) return;
    realignMutation.mutate();
  }, [refused, realignMutation]);

  /** an operation outside the mutations above (a correction, with its own error handling): busy meanwhile */
  const [tracked, setTracked] = useState(0);
  const track = useCallback(async <T,>(work: () => Promise<T>): Promise<T> => {
    setTracked((n) => n + 1);
    try {
      return await work();
    } finally {
      setTracked((n) => n - 1);
    }
  }, []);

  const busy = tracked > 0 || opMutation.isPending || undoMutation.isPending || realignMutation.isPending || realignJob !== null;
  const progress = job && !["done", "failed", "cancelled"].includes(job.status) ? `Re-aligning… ${Math.round(job.progress * 100)}% ${job.stage ?? job.status}` : null;
  return { run, apply, refused, reloadAll, undo, realign, track, busy, progress };
}

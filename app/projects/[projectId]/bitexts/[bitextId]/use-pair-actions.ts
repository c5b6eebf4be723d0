"use client";
// The inspector's operations (inspector/types.ts Actions) on top of usePairOps: each builds its
// request body (typed by PairOpInput from lib/review/schema.ts) with the versions read, and says
// what was done. Neighbours (merge, move, link) are read through the row cache when not cached.
import { useMemo } from "react";
import type { ReviewFlag, ReviewRow } from "@/lib/db/review/view";
import type { PairOpInput } from "@/lib/review/schema";
import { ApiError, postOp } from "./client-api";
import type { Actions } from "./inspector/types";
import { errorNotice, type Notice } from "./notice";
import type { OpRequest, usePairOps } from "./use-pair-ops";
import type { RowCache } from "./use-rows";

type FlagFields = Pick<Extract<PairOpInput, { op: "flag.add" }>, "category" | "severity" | "note">;

export interface ActionsContext {
  ops: ReturnType<typeof usePairOps>;
  rows: RowCache;
  /** reading order of every pair */
  order: number[];
  /** a pair's number (1-based position in reading order) */
  number: (id: number) => number;
  /** a neighbour that is collapsed web clutter: shown instead, and the editor told (true) */
  hiddenClutter: (id: number) => boolean;
  notify: (n: Notice | null) => void;
}

export function usePairActions(ctx: ActionsContext): Actions {
  const { ops, rows, order, number: no, hiddenClutter, notify } = ctx;
  return useMemo(() => {
    const ok = async (req: OpRequest) => !!(await ops.run(req));
    const neighbour = (row: ReviewRow, step: number) => {
      const pos = order.indexOf(row.id);
      return pos < 0 ? undefined : order[pos + step];
    };
    /** an operation with the neighbour `id` (read first when not cached) */
    const withNeighbour = async (id: number, make: (other: ReviewRow) => OpRequest) => {
      try {
        return await ok(make(await rows.ensure(id)));
      } catch (e) {
        notify(errorNotice(e));
        return false;
      }
    };
    const flagFields = (f: { category: string; severity: string; note: string }) => f as FlagFields; // the form offers only the vocabulary's values
    const actions: Actions = {
      setStatus: (row, status) =>
        ok({ pairId: row.id, body: { op: "status", status, expectedVersion: row.version }, done: status === "confirmed" ? `Confirmed pair ${no(row.id)}` : `Pair ${no(row.id)} is no longer confirmed` }),
      addFlag: (row, f) => ok({ pairId: row.id, body: { op: "flag.add", ...flagFields(f) }, done: `Flagged pair ${no(row.id)}: ${f.category} (${f.severity})` }),
      updateFlag: (row, flag: ReviewFlag, patch) =>
        ok({ pairId: row.id, body: { op: "flag.update", flagId: flag.id, ...flagFields(patch), expectedVersion: flag.version }, done: "Flag updated" }),
      resolveFlag: (row, flag, reopen) =>
        ok({ pairId: row.id, body: { op: reopen ? "flag.reopen" : "flag.resolve", flagId: flag.id, expectedVersion: flag.version }, done: reopen ? "Flag reopened" : "Flag resolved" }),
      correct: async (row, edits, replaces) => {
        if (ops.refused()) return { ok: false, error: "Read-only: viewers cannot correct the text." };
        try {
          const r = await ops.track(() => postOp(row.id, { op: "correct", edits, ...(replaces ? { replaces: true } : {}) }));
          await ops.apply(r);
          const ids = new Set(edits.map((e) => e.sentenceId));
          const sides = (["en", "zh"] as const).filter((l) => row[l].some((x) => ids.has(x.id)));
          const what = sides.map((l) => (l === "en" ? "English" : "Chinese")).join(" and ");
          const done = `Corrected the ${what} of pair ${no(row.id)}${replaces ? ", replacing the other editor's text" : ""}`;
          const problem = r.rowsError ?? r.checksError;
          notify(problem ? { kind: "error", text: `${done}. ${problem}` } : { kind: "ok", text: done });
          return { ok: true };
        } catch (e) {
          if (e instanceof ApiError && e.status === 409 && e.conflict?.sentences?.length) return { ok: false, error: e.message, conflict: e.conflict.sentences };
          // gone or moved sentences: show the pair as it is now (the draft stays)
          if (e instanceof ApiError && (e.status === 404 || e.status === 409)) void rows.refresh([row.id]).catch(() => {});
          return { ok: false, error: errorNotice(e).text };
        }
      },
      revert: (row, target) => {
        const list = target.sentence ? [target.sentence] : row[target.lang ?? "en"].filter((x) => x.corrected);
        const base = Object.fromEntries(list.map((x) => [String(x.id), x.text]));
        const body: PairOpInput = target.sentence ? { op: "revert", sentenceId: target.sentence.id, base } : { op: "revert", lang: target.lang, base };
        return ok({ pairId: row.id, body, done: target.sentence ? "Reverted the sentence to its original text" : `Reverted the ${target.lang === "en" ? "English" : "Chinese"} corrections` });
      },
      refresh: (pairId) => rows.refresh([pairId]).catch((e) => notify(errorNotice(e))),
      merge: async (row) => {
        const nid = neighbour(row, 1);
        if (nid === undefined) {
          notify({ kind: "error", text: "This is the last pair: there is nothing to merge it with" });
          return false;
        }
        if (hiddenClutter(nid)) return false;
        return withNeighbour(nid, (next) => ({
          pairId: row.id,
          body: { op: "merge", expectedVersions: { [row.id]: row.version, [next.id]: next.version } },
          done: `Merged pairs ${no(row.id)} and ${no(row.id) + 1}`,
          focusAfter: row.id,
        }));
      },
      split: (row, en, zh) => ok({ pairId: row.id, body: { op: "split", en, zh, expectedVersion: row.version }, done: `Split pair ${no(row.id)} in two`, focusAfter: row.id }),
      unlink: (row) => ok({ pairId: row.id, body: { op: "unlink", expectedVersion: row.version }, done: `Unlinked pair ${no(row.id)} into two gaps`, focusAfter: row.id }),
      link: (row, other) =>
        ok({
          pairId: row.id,
          body: { op: "link", otherPairId: other.id, expectedVersions: { [row.id]: row.version, [other.id]: other.version } },
          done: "Linked the two gaps",
          focusAfter: order.indexOf(row.id) < order.indexOf(other.id) ? row.id : other.id,
        }),
      move: async (row, sentence, direction) => {
        const tid = neighbour(row, direction === "previous" ? -1 : 1);
        if (tid === undefined || hiddenClutter(tid)) return false;
        return withNeighbour(tid, (target) => ({
          pairId: row.id,
          body: { op: "move", sentenceId: sentence.id, direction, expectedVersions: { [row.id]: row.version, [target.id]: target.version } },
          done: `Moved a sentence to the ${direction} pair`,
          focusAfter: row.id,
        }));
      },
      setExcluded: (row, sentence, excluded) =>
        ok({
          pairId: row.id,
          body: { op: "sentence.exclude", sentenceId: sentence.id, excluded, expectedVersion: row.version },
          done: excluded ? "Marked the sentence as web clutter" : "Restored the sentence",
          focusAfter: row.id,
        }),
      splitSentence: (row, sentence, offset) =>
        ok({ pairId: row.id, body: { op: "sentence.split", sentenceId: sentence.id, offset, expectedVersion: row.version }, done: "Split the sentence", focusAfter: row.id }),
      join: (row, a, b, other) =>
        ok({
          pairId: row.id,
          body: { op: "sentence.join", sentenceIdA: a.id, sentenceIdB: b.id, expectedVersions: other ? { [row.id]: row.version, [other.id]: other.version } : { [row.id]: row.version } },
          done: "Joined the two sentences",
          focusAfter: row.id,
        }),
      dismissCheck: (row, flag) =>
        ok({ pairId: row.id, body: { op: "check.dismiss", flagId: flag.id }, done: `Dismissed the automatic finding ${flag.checkId ?? ""} on pair ${no(row.id)}` }),
    };
    return actions;
  }, [ops, rows, order, no, hiddenClutter, notify]);
}

"use client";
// The review workspace: filters, summary, the windowed pair list and the inspector of the
// focused pair. Keyboard first (j/k, c, f, e, m, s, u, ?). Every change goes through the API
// with the version(s) read; the answer's changed rows replace only those rows in the cache.
// Live: others' changes arrive through the changes feed (use-live.ts) and replace their rows;
// unsaved corrections are drafts in this browser (use-drafts.ts), never reset by a reload.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { PairIndex, ReviewHeader, ReviewRow } from "@/lib/db/review/view";
import type { ChangesAnswer, PairOpInput } from "@/lib/review/schema";
// hook-in: bulk actions, search options, find-and-replace (issue 14 items 3-4)
import { BulkDialog } from "./bulk-dialog";
import { SearchOptions } from "./search-options";
import { ReplaceDialog } from "./replace-dialog";
import { ApiError, FLAG_CATEGORIES, FLAG_SEVERITIES, NO_FILTERS, STATUSES, api, loadIndex, loadRows, postOp, tabClientId, type CheckInfo, type Filters, type OpResult } from "./client-api";
import { DraftsNotice } from "./drafts-notice";
import { Inspector, type Actions, type Mode } from "./inspector";
import { PairRow } from "./pair-row";
import { LiveNotes, presenceByPair, usePresenceSender, type LiveNote } from "./presence";
import { hasDraft, useDrafts } from "./use-drafts";
import { describeChange, useLive } from "./use-live";
import { Histogram, SummaryBar } from "./summary";
import { VirtualList } from "./virtual-list";
import { ConfidenceFilter } from "./confidence-filter";
import s from "./review.module.css";

/** the id of the list row that stands for the excluded web clutter (no pair has a negative id) */
const CLUTTER_ROW = -1;

/** The first pair that is not excluded web clutter (else the first pair). */
function firstReal(ids: number[], clutter: number[]): number | null {
  const c = new Set(clutter);
  return ids.find((id) => !c.has(id)) ?? ids[0] ?? null;
}

/** a flag's fields as the form gives them (the form offers only the vocabulary's values) */
type FlagFields = Pick<Extract<PairOpInput, { op: "flag.add" }>, "category" | "severity" | "note">;

interface Notice {
  kind: "ok" | "error" | "conflict";
  text: string;
}

const KEYS: [string, string][] = [
  ["j / ↓", "next pair"],
  ["k / ↑", "previous pair"],
  ["Home / End", "first / last pair"],
  ["c", "confirm the pair"],
  ["f", "flag the pair"],
  ["e", "edit (correct) the text"],
  ["m", "merge with the next pair"],
  ["s", "split the pair"],
  ["u", "undo your last change"],
  ["/", "search the text"],
  ["Esc", "close the form"],
  ["?", "show these shortcuts"],
];
/** shortcuts that change something: not offered to viewers */
const EDIT_KEYS = new Set(["c", "f", "e", "m", "s", "u"]);

export function ReviewWorkspace({
  header,
  initialIndex,
  initialRows,
  userId,
  userName,
  canEdit,
  initialFocus = null,
  checks,
  since,
}: {
  header: ReviewHeader;
  initialIndex: PairIndex;
  initialRows: ReviewRow[];
  /** the signed-in user: every change is recorded with this name */
  userId: number;
  userName: string;
  /** editors and owners review and edit; viewers get the page read-only (no edit controls) */
  canEdit: boolean;
  /** the pair to open on (?pair=ID) */
  initialFocus?: number | null;
  /** the newest audit row when the page was rendered: live changes are read from there on */
  since?: number;
  /** the catalogue of automatic checks, to explain findings and filter by them */
  checks: CheckInfo[];
}) {
  const bitextId = header.id;
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [opsDialog, setOpsDialog] = useState<null | "bulk" | "replace">(null); // hook-in: bulk / replace dialogs
  const [index, setIndex] = useState<PairIndex>(initialIndex);
  const [rows, setRows] = useState<Map<number, ReviewRow>>(() => new Map(initialRows.map((r) => [r.id, r])));
  // the page opens on the first real pair, not on excluded web clutter (a byline, a source line)
  const [focusId, setFocusId] = useState<number | null>(initialFocus ?? firstReal(initialIndex.ids, initialIndex.clutter));
  /** excluded web clutter is one expandable row unless shown (or the page opens on a clutter pair) */
  const [showClutter, setShowClutter] = useState(() => initialFocus !== null && initialIndex.clutter.includes(initialFocus));
  /** the automatic finding hovered in the inspector: its evidence is highlighted in the row */
  const [hotFinding, setHotFinding] = useState<number | null>(null);
  const [mode, setMode] = useState<Mode>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [help, setHelp] = useState(false);
  const [loadingIndex, setLoadingIndex] = useState(false);

  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const generation = useRef(0);
  const pending = useRef(new Set<number>());
  const searchInput = useRef<HTMLInputElement>(null);
  /** audit rows of this tab's own changes (the live feed skips them) */
  const own = useRef(new Set<number>());
  /** rows replaced by this tab's own answers, by a counter: older live reads never overwrite them */
  const epoch = useRef(0);
  const touched = useRef(new Map<number, number>());
  const [clientId, setClientId] = useState<string | null>(null);
  useEffect(() => setClientId(tabClientId()), []);
  const store = useDrafts(bitextId, userId);
  const [liveNotes, setLiveNotes] = useState<LiveNote[]>([]);

  const posOf = useMemo(() => new Map(index.order.map((id, i) => [id, i])), [index.order]);
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);
  // The list: with no filter, every clutter pair behind one toggle row, put where the first one
  // is (shown in their places once expanded); a filter shows what it matches, clutter or not.
  const listIds = useMemo(() => {
    if (filtered || index.clutter.length === 0) return index.ids;
    const clutter = new Set(index.clutter);
    const out: number[] = [];
    let placed = false;
    for (const id of index.ids) {
      if (clutter.has(id)) {
        if (!placed) out.push(CLUTTER_ROW);
        placed = true;
        if (!showClutter) continue;
      }
      out.push(id);
    }
    return out;
  }, [index.ids, index.clutter, filtered, showClutter]);
  /** the pair rows of the list (the toggle row left out): what j/k move through */
  const navIds = useMemo(() => listIds.filter((id) => id !== CLUTTER_ROW), [listIds]);
  const idxOf = useMemo(() => new Map(listIds.map((id, i) => [id, i])), [listIds]);
  const focusIndex = focusId === null ? -1 : (idxOf.get(focusId) ?? -1);
  const focusRow = focusId === null ? undefined : rows.get(focusId);
  const focusPos = focusId === null ? -1 : (posOf.get(focusId) ?? -1);
  const prevId = focusPos > 0 ? index.order[focusPos - 1] : undefined;
  const nextId = focusPos >= 0 && focusPos < index.order.length - 1 ? index.order[focusPos + 1] : undefined;

  useEffect(() => setHotFinding(null), [focusId]);

  // ---------------------------------------------------------------- fetching rows
  const fetchRows = useCallback(
    async (ids: number[]) => {
      const need = ids.filter((id) => !rowsRef.current.has(id) && !pending.current.has(id));
      if (!need.length) return;
      const gen = generation.current;
      need.forEach((id) => pending.current.add(id));
      try {
        const got = await loadRows(bitextId, need);
        if (gen !== generation.current) return;
        setRows((prev) => {
          const m = new Map(prev);
          for (const r of got) if (!m.has(r.id)) m.set(r.id, r);
          return m;
        });
      } catch (e) {
        setNotice({ kind: "error", text: (e as Error).message });
      } finally {
        need.forEach((id) => pending.current.delete(id));
      }
    },
    [bitextId],
  );

  const rangeTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastRange = useRef<[number, number]>([0, 0]);
  const idsRef = useRef(listIds);
  idsRef.current = listIds;
  const onRange = useCallback(
    (start: number, end: number) => {
      lastRange.current = [start, end];
      if (rangeTimer.current) return;
      rangeTimer.current = setTimeout(() => {
        rangeTimer.current = null;
        const [a, b] = lastRange.current;
        void fetchRows(idsRef.current.slice(a, b).filter((id) => id !== CLUTTER_ROW));
      }, 60);
    },
    [fetchRows],
  );

  // neighbours of the focused pair (for merge, move, link, join)
  useEffect(() => {
    const want = [focusId, prevId, nextId].filter((x): x is number => x !== undefined && x !== null);
    if (want.some((id) => !rows.has(id))) void fetchRows(want);
  }, [focusId, prevId, nextId, rows, fetchRows]);

  const ensureRow = useCallback(
    async (id: number): Promise<ReviewRow> => {
      const have = rowsRef.current.get(id);
      if (have) return have;
      const [r] = await loadRows(bitextId, [id]);
      if (!r) throw new ApiError(`Pair ${id} no longer exists; reload`, 404, null, null);
      setRows((prev) => new Map(prev).set(r.id, r));
      return r;
    },
    [bitextId],
  );

  // ---------------------------------------------------------------- index & filters
  const indexSeq = useRef(0);
  const refreshIndex = useCallback(
    async (f: Filters, how: "all" | "summary") => {
      const seq = ++indexSeq.current;
      setLoadingIndex(true);
      try {
        const next = await loadIndex(bitextId, f);
        if (seq !== indexSeq.current) return null; // a newer request answers instead
        setIndex((cur) => (how === "summary" ? { ...cur, order: next.order, clutter: next.clutter, summary: next.summary } : next));
        return next;
      } catch (e) {
        setNotice({ kind: "error", text: (e as Error).message });
        return null;
      } finally {
        if (seq === indexSeq.current) setLoadingIndex(false);
      }
    },
    [bitextId],
  );

  const appliedFilters = useRef(filters);
  useEffect(() => {
    if (appliedFilters.current === filters) return;
    const t = setTimeout(async () => {
      appliedFilters.current = filters;
      const next = await refreshIndex(filters, "all");
      if (next) setFocusId((cur) => (cur !== null && next.ids.includes(cur) ? cur : firstReal(next.ids, next.clutter)));
    }, 200);
    return () => clearTimeout(t);
  }, [filters, refreshIndex]);

  const reloadAll = useCallback(async () => {
    generation.current++;
    pending.current.clear();
    setRows(new Map());
    setNotice(null);
    const next = await refreshIndex(filters, "all");
    if (next) {
      setFocusId((cur) => (cur !== null && next.ids.includes(cur) ? cur : (next.ids[0] ?? null)));
      const i = focusId === null ? 0 : Math.max(0, next.ids.indexOf(focusId));
      void fetchRows(next.ids.slice(Math.max(0, i - 30), i + 50));
    }
  }, [filters, refreshIndex, fetchRows, focusId]);

  // ---------------------------------------------------------------- mutations
  const fail = useCallback((e: unknown) => {
    if (e instanceof ApiError && e.status === 409 && e.conflict) setNotice({ kind: "conflict", text: e.message });
    else if (e instanceof ApiError && e.status === 404) setNotice({ kind: "conflict", text: e.message });
    else if (e instanceof ApiError && e.code === "signed-out") setNotice({ kind: "error", text: `${e.message}. Reload the page to sign in again.` });
    else setNotice({ kind: "error", text: (e as Error).message });
  }, []);

  // The server refuses viewers' changes too (403); this only saves them the round trip.
  const needEditor = useCallback(() => {
    if (canEdit) return false;
    setNotice({ kind: "error", text: "Read-only: viewers can read and export this project but not change it" });
    return true;
  }, [canEdit]);

  const apply = useCallback(
    async (r: OpResult, focusAfter?: number) => {
      const deleted = new Set(r.deletedPairIds);
      const sentenceLevel = r.op === "sentence.split" || r.op === "sentence.join";
      if (sentenceLevel) generation.current++;
      for (const row of r.rows) touched.current.set(row.id, ++epoch.current);
      setRows((prev) => {
        // sentence numbers shift after a sentence split/join: keep only the fresh rows
        const m = sentenceLevel ? new Map<number, ReviewRow>() : new Map(prev);
        for (const id of deleted) m.delete(id);
        for (const row of r.rows) m.set(row.id, row);
        return m;
      });
      if (r.structural) {
        const next = await refreshIndex(filters, "all");
        if (next) {
          setFocusId((cur) => {
            const want = focusAfter ?? cur;
            if (want !== null && want !== undefined && next.ids.includes(want)) return want;
            const alt = r.rows.find((x) => next.ids.includes(x.id));
            return alt?.id ?? next.ids[0] ?? null;
          });
        }
      } else {
        void refreshIndex(filters, "summary");
      }
    },
    [filters, refreshIndex],
  );

  const op = useCallback(
    async (pairId: number, body: PairOpInput, done: string, focusAfter?: number): Promise<OpResult | null> => {
      if (needEditor()) return null;
      setBusy(true);
      try {
        const r = await postOp(pairId, body);
        if (r.auditId) own.current.add(r.auditId);
        await apply(r, focusAfter);
        const problem = r.rowsError ?? r.checksError;
        setNotice(problem ? { kind: "error", text: `${done}. ${problem}` } : { kind: "ok", text: done });
        return r;
      } catch (e) {
        fail(e);
        return null;
      } finally {
        setBusy(false);
      }
    },
    [apply, fail, needEditor],
  );

  const no = useCallback((id: number) => (posOf.get(id) ?? -1) + 1, [posOf]);

  /**
   * Rows read again (live, or after a conflict): each replaces the cached one unless this tab's
   * own answer replaced it after the read began (`since`) or the cached one is newer.
   */
  const mergeRows = useCallback((got: ReviewRow[], since: number, deleted: number[] = []) => {
    setRows((prev) => {
      const m = new Map(prev);
      for (const id of deleted) m.delete(id);
      for (const r of got) {
        if ((touched.current.get(r.id) ?? 0) > since) continue;
        const cur = m.get(r.id);
        if (cur && cur.version > r.version) continue;
        m.set(r.id, r);
      }
      return m;
    });
  }, []);

  const refreshRow = useCallback(
    async (pairId: number) => {
      const since = epoch.current;
      try {
        mergeRows(await loadRows(bitextId, [pairId]), since);
      } catch (e) {
        setNotice({ kind: "error", text: (e as Error).message });
      }
    },
    [bitextId, mergeRows],
  );

  /**
   * A merge or move with a neighbour that is collapsed web clutter would change a pair nobody
   * sees: the clutter is shown instead, and the editor asked to do it again if it is meant.
   */
  const hiddenClutter = useCallback(
    (id: number) => {
      if (filtered || showClutter || !index.clutter.includes(id)) return false;
      setShowClutter(true);
      setNotice({ kind: "error", text: `Its neighbour, pair ${no(id)}, is excluded web clutter: the clutter is shown now. Do it again to include that pair.` });
      return true;
    },
    [filtered, showClutter, index.clutter, no],
  );

  const actions: Actions = useMemo(
    () => ({
      setStatus: async (row, status) =>
        !!(await op(row.id, { op: "status", status, expectedVersion: row.version }, status === "confirmed" ? `Confirmed pair ${no(row.id)}` : `Pair ${no(row.id)} is no longer confirmed`)),
      addFlag: async (row, f) =>
        !!(await op(row.id, { op: "flag.add", ...(f as FlagFields) }, `Flagged pair ${no(row.id)}: ${f.category} (${f.severity})`)),
      updateFlag: async (row, flag, patch) =>
        !!(await op(row.id, { op: "flag.update", flagId: flag.id, ...(patch as FlagFields), expectedVersion: flag.version }, `Flag updated`)),
      resolveFlag: async (row, flag, reopen) =>
        !!(await op(
          row.id,
          { op: reopen ? "flag.reopen" : "flag.resolve", flagId: flag.id, expectedVersion: flag.version },
          reopen ? "Flag reopened" : "Flag resolved",
        )),
      correct: async (row, edits, replaces) => {
        if (needEditor()) return { ok: false, error: "Read-only: viewers cannot correct the text." };
        setBusy(true);
        try {
          const r = await postOp(row.id, { op: "correct", edits, ...(replaces ? { replaces: true } : {}) });
          if (r.auditId) own.current.add(r.auditId);
          await apply(r);
          const ids = new Set(edits.map((e) => e.sentenceId));
          const sides = (["en", "zh"] as const).filter((l) => row[l].some((x) => ids.has(x.id)));
          const what = sides.map((l) => (l === "en" ? "English" : "Chinese")).join(" and ");
          const done = `Corrected the ${what} of pair ${no(row.id)}${replaces ? ", replacing the other editor's text" : ""}`;
          const problem = r.rowsError ?? r.checksError;
          setNotice(problem ? { kind: "error", text: `${done}. ${problem}` } : { kind: "ok", text: done });
          return { ok: true };
        } catch (e) {
          if (e instanceof ApiError && e.status === 409 && e.conflict?.sentences?.length) {
            return { ok: false, error: e.message, conflict: e.conflict.sentences };
          }
          // gone or moved sentences: show the pair as it is now (the draft stays)
          if (e instanceof ApiError && (e.status === 404 || e.status === 409)) void refreshRow(row.id);
          const text = e instanceof ApiError && e.code === "signed-out" ? `${e.message}. Reload the page to sign in again.` : (e as Error).message;
          return { ok: false, error: text };
        } finally {
          setBusy(false);
        }
      },
      revert: async (row, target) => {
        const list = target.sentence ? [target.sentence] : row[target.lang ?? "en"].filter((x) => x.corrected);
        const base = Object.fromEntries(list.map((x) => [String(x.id), x.text]));
        const body: PairOpInput = target.sentence ? { op: "revert", sentenceId: target.sentence.id, base } : { op: "revert", lang: target.lang, base };
        return !!(await op(row.id, body, target.sentence ? "Reverted the sentence to its original text" : `Reverted the ${target.lang === "en" ? "English" : "Chinese"} corrections`));
      },
      refresh: refreshRow,
      merge: async (row) => {
        const pos = posOf.get(row.id);
        const nid = pos === undefined ? undefined : index.order[pos + 1];
        if (nid === undefined) {
          setNotice({ kind: "error", text: "This is the last pair: there is nothing to merge it with" });
          return false;
        }
        if (hiddenClutter(nid)) return false;
        try {
          const nextRow = await ensureRow(nid);
          return !!(await op(
            row.id,
            { op: "merge", expectedVersions: { [row.id]: row.version, [nextRow.id]: nextRow.version } },
            `Merged pairs ${no(row.id)} and ${no(row.id) + 1}`,
            row.id,
          ));
        } catch (e) {
          fail(e);
          return false;
        }
      },
      split: async (row, en, zh) =>
        !!(await op(row.id, { op: "split", en, zh, expectedVersion: row.version }, `Split pair ${no(row.id)} in two`, row.id)),
      unlink: async (row) =>
        !!(await op(row.id, { op: "unlink", expectedVersion: row.version }, `Unlinked pair ${no(row.id)} into two gaps`, row.id)),
      link: async (row, other) =>
        !!(await op(
          row.id,
          { op: "link", otherPairId: other.id, expectedVersions: { [row.id]: row.version, [other.id]: other.version } },
          `Linked the two gaps`,
          (posOf.get(row.id) ?? 0) < (posOf.get(other.id) ?? 0) ? row.id : other.id,
        )),
      move: async (row, sentence, direction) => {
        const pos = posOf.get(row.id);
        const tid = pos === undefined ? undefined : index.order[pos + (direction === "previous" ? -1 : 1)];
        if (tid === undefined || hiddenClutter(tid)) return false;
        try {
          const target = await ensureRow(tid);
          return !!(await op(
            row.id,
            { op: "move", sentenceId: sentence.id, direction, expectedVersions: { [row.id]: row.version, [target.id]: target.version } },
            `Moved a sentence to the ${direction} pair`,
            row.id,
          ));
        } catch (e) {
          fail(e);
          return false;
        }
      },
      setExcluded: async (row, sentence, excluded) =>
        !!(await op(
          row.id,
          { op: "sentence.exclude", sentenceId: sentence.id, excluded, expectedVersion: row.version },
          excluded ? "Marked the sentence as web clutter" : "Restored the sentence",
          row.id,
        )),
      splitSentence: async (row, sentence, offset) =>
        !!(await op(row.id, { op: "sentence.split", sentenceId: sentence.id, offset, expectedVersion: row.version }, `Split the sentence`, row.id)),
      join: async (row, a, b, other) =>
        !!(await op(
          row.id,
          {
            op: "sentence.join",
            sentenceIdA: a.id,
            sentenceIdB: b.id,
            expectedVersions: other ? { [row.id]: row.version, [other.id]: other.version } : { [row.id]: row.version },
          },
          `Joined the two sentences`,
          row.id,
        )),
      dismissCheck: async (row, flag) =>
        !!(await op(row.id, { op: "check.dismiss", flagId: flag.id }, `Dismissed the automatic finding ${flag.checkId ?? ""} on pair ${no(row.id)}`)),
    }),
    [op, no, posOf, index.order, ensureRow, fail, needEditor, apply, refreshRow, hiddenClutter],
  );

  const undo = useCallback(async () => {
    if (needEditor()) return;
    setBusy(true);
    try {
      const r = await api<{ undone: { action: string } | null }>(`/api/bitexts/${bitextId}/undo`, { method: "POST" });
      if (!r.undone) {
        setNotice({ kind: "ok", text: "Nothing of yours to undo here" });
        return;
      }
      // undo may touch any pairs: drop the cache, keep the focus and scroll position
      generation.current++;
      pending.current.clear();
      setRows(new Map());
      const next = await refreshIndex(filters, "all");
      if (next) setFocusId((cur) => (cur !== null && next.ids.includes(cur) ? cur : (next.ids[0] ?? null)));
      setNotice({ kind: "ok", text: `Undid: ${r.undone.action}` });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  }, [bitextId, filters, refreshIndex, fail, needEditor]);

  // ---------------------------------------------------------------- live: others' changes
  const noteSeq = useRef(0);
  const addNotes = useCallback((texts: string[]) => {
    if (!texts.length) return;
    const notes = texts.slice(-3).map((text) => ({ id: ++noteSeq.current, text }));
    setLiveNotes((cur) => [...cur, ...notes].slice(-3));
    setTimeout(() => setLiveNotes((cur) => cur.filter((n) => !notes.includes(n))), 8000);
  }, []);

  // changes from other tabs and other people: read their rows again (a draft is never touched)
  const onLive = async (a: ChangesAnswer) => {
    const foreign = a.changes.filter((c) => !own.current.has(c.auditId));
    if (!foreign.length && !a.truncated) return;
    const since = epoch.current;
    const deleted = [...new Set(foreign.flatMap((c) => c.deletedPairIds))];
    const gone = new Set(deleted);
    const ids = [...new Set(foreign.flatMap((c) => c.pairIds))].filter((id) => !gone.has(id));
    const structural = a.truncated || foreign.some((c) => c.structural);
    // sentence numbers shift after a sentence split or join (or an undo, a re-alignment): every cached row is read again
    const renumbered = a.truncated || foreign.some((c) => ["sentence.split", "sentence.join", "undo", "realign"].includes(c.action));
    let order = index.order;
    if (structural) {
      const next = await refreshIndex(filters, "all");
      if (next) {
        order = next.order;
        setFocusId((cur) => (cur !== null && next.ids.includes(cur) ? cur : (ids.find((id) => next.ids.includes(id)) ?? next.ids[0] ?? null)));
      }
    } else {
      void refreshIndex(filters, "summary");
    }
    const want = renumbered ? [...new Set([...ids, ...[...rowsRef.current.keys()].filter((id) => !gone.has(id))])] : ids;
    let got: ReviewRow[] = [];
    if (want.length > 600) {
      // too many to read one by one: drop the cache, what is on screen is read again
      generation.current++;
      pending.current.clear();
      setRows(new Map());
    } else if (want.length) {
      got = await loadRows(bitextId, want);
      mergeRows(got, since, deleted);
    } else if (deleted.length) {
      mergeRows([], since, deleted);
    }
    const number = new Map(order.map((id, i) => [id, i + 1]));
    const status = new Map(got.map((r) => [r.id, r.status]));
    addNotes(foreign.filter((c) => c.actorId !== userId).map((c) => describeChange(c, (id) => number.get(id) ?? 0, (id) => status.get(id))));
  };
  const presence = useLive(bitextId, clientId, onLive, since);
  usePresenceSender(bitextId, clientId, focusId, mode === "edit");
  const othersByPair = useMemo(() => presenceByPair(presence), [presence]);

  // after a cache drop, fetch what is on screen again
  useEffect(() => {
    if (rows.size === 0 && listIds.length) {
      const [a, b] = lastRange.current;
      const i = Math.max(0, focusIndex);
      void fetchRows(listIds.slice(Math.min(a, Math.max(0, i - 20)), Math.max(b, i + 40)).filter((id) => id !== CLUTTER_ROW));
    }
  }, [rows, listIds, focusIndex, fetchRows]);

  const realign = useCallback(async () => {
    if (needEditor()) return;
    if (!window.confirm("Re-align every pair that is not confirmed? Confirmed pairs stay as they are.")) return;
    setBusy(true);
    setNotice({ kind: "ok", text: "Re-aligning…" });
    try {
      let r = await api<{ pairsBefore: number; pairsAfter: number; stretches: number; jobId?: number }>(`/api/bitexts/${bitextId}/realign`, { method: "POST" });
      if (r.jobId !== undefined) {
        // A long document re-aligns as a background job: follow its progress.
        for (;;) {
          await new Promise((res) => setTimeout(res, 800));
          const job = await api<{ status: string; progress: number; stage: string | null; error: string | null; result: typeof r | null }>(`/api/jobs/${r.jobId}`);
          if (job.status === "done" && job.result) {
            r = job.result;
            break;
          }
          if (job.status === "failed" || job.status === "cancelled") throw new Error(job.error ?? `Re-alignment ${job.status}`);
          setNotice({ kind: "ok", text: `Re-aligning… ${Math.round(job.progress * 100)}% ${job.stage ?? job.status}` });
        }
      }
      generation.current++;
      pending.current.clear();
      setRows(new Map());
      await refreshIndex(filters, "all");
      setNotice({ kind: "ok", text: `Re-aligned ${r.stretches} stretch(es): ${r.pairsBefore} → ${r.pairsAfter} pairs` });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  }, [bitextId, filters, refreshIndex, fail, needEditor]);

  // ---------------------------------------------------------------- keyboard
  const moveFocus = useCallback(
    (delta: number | "first" | "last") => {
      const ids = navIds;
      if (!ids.length) return;
      const at = focusId === null ? -1 : ids.indexOf(focusId);
      let i = at < 0 ? 0 : at;
      if (delta === "first") i = 0;
      else if (delta === "last") i = ids.length - 1;
      else i = Math.min(ids.length - 1, Math.max(0, i + delta));
      setFocusId(ids[i]);
      setMode(null);
    },
    [navIds, focusId],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.closest("input, textarea, select, [contenteditable='true']") || t.isContentEditable)) return;
      if (help) {
        if (e.key === "Escape" || e.key === "?") {
          e.preventDefault();
          setHelp(false);
        }
        return;
      }
      const row = focusRow;
      switch (e.key) {
        case "j":
        case "ArrowDown":
          moveFocus(1);
          break;
        case "k":
        case "ArrowUp":
          moveFocus(-1);
          break;
        case "Home":
          moveFocus("first");
          break;
        case "End":
          moveFocus("last");
          break;
        case "c":
          if (canEdit && row && !busy) void actions.setStatus(row, "confirmed");
          break;
        case "f":
          if (canEdit && row) setMode("flag");
          break;
        case "e":
          if (canEdit && row) setMode("edit");
          break;
        case "s":
          if (canEdit && row && row.en.length + row.zh.length > 1) setMode("split");
          break;
        case "m":
          if (canEdit && row && !busy) void actions.merge(row);
          break;
        case "u":
          if (canEdit && !busy) void undo();
          break;
        case "/":
          searchInput.current?.focus();
          break;
        case "?":
          setHelp(true);
          break;
        case "Escape":
          setMode(null);
          setNotice(null);
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [help, focusRow, moveFocus, actions, busy, undo, canEdit]);

  // ---------------------------------------------------------------- rendering
  const onSelect = useCallback((id: number) => {
    setFocusId((cur) => {
      if (cur !== id) setMode(null);
      return id;
    });
  }, []);
  const renderRow = useCallback(
    (id: number) =>
      id === CLUTTER_ROW ? (
        <button
          type="button"
          className={s.clutterToggle}
          aria-expanded={showClutter}
          data-testid="clutter-toggle"
          onClick={() => {
            setShowClutter((v) => !v);
            if (showClutter && focusId !== null && index.clutter.includes(focusId)) setFocusId(firstReal(index.ids, index.clutter));
          }}
        >
          <span aria-hidden>{showClutter ? "▾" : "▸"}</span>{" "}
          {showClutter ? "Hide" : "Show"} {index.clutter.length} excluded {index.clutter.length === 1 ? "pair" : "pairs"} of web clutter
          <span className="muted"> — bylines, sources, navigation: kept, never aligned, never exported</span>
        </button>
      ) : (
      <PairRow
        id={id}
        row={rows.get(id)}
        number={(posOf.get(id) ?? -1) + 1}
        focused={id === focusId}
        hotFinding={id === focusId ? hotFinding : null}
        onSelect={onSelect}
        others={othersByPair.get(id)}
        drafted={hasDraft(rows.get(id), store.drafts)}
        me={userId}
      />
    ),
    [rows, posOf, focusId, hotFinding, onSelect, othersByPair, store.drafts, userId, showClutter, index.clutter, index.ids],
  );

  const checkCategories = useMemo(() => [...new Set(checks.map((c) => c.category))], [checks]);
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setFilters((f) => ({ ...f, [k]: v }));

  return (
    <div className={s.workspace}>
      <header className={s.head}>
        <div className={s.titleBlock}>
          <h1>{header.title}</h1>
          <span className="muted">
            {header.alignedMode ? `${header.alignedMode} alignment` : ""} · {index.summary.pairs} pairs
          </span>
        </div>
        {canEdit ? (
          <div className={s.editor}>
            <span className="muted">Editing as</span> <strong data-testid="editor-name">{userName}</strong>
          </div>
        ) : (
          <div className={s.readOnly} role="note" data-testid="read-only">
            <strong>Read-only</strong> — you are a viewer of this project: you can read, filter and export, not change it. An owner can make
            you an editor.
          </div>
        )}
        <div className={s.headButtons}>
          {canEdit && (
            <>
              <button type="button" onClick={() => void undo()} disabled={busy} title="Undo your last change (u)">
                Undo <kbd>u</kbd>
              </button>
              <button type="button" onClick={() => void realign()} disabled={busy} title="Re-align all pairs that are not confirmed">
                Re-align unconfirmed
              </button>
            </>
          )}
          <button type="button" onClick={() => setHelp(true)} title="Keyboard shortcuts (?)">
            Shortcuts <kbd>?</kbd>
          </button>
        </div>
      </header>

      <div className={s.overview}>
        <SummaryBar summary={index.summary} />
        <Histogram
          summary={index.summary}
          selected={{ min: filters.minScore === "" ? null : Number(filters.minScore), max: filters.maxScore === "" ? null : Number(filters.maxScore) }}
          onPick={(min, max) => setFilters((f) => ({ ...f, minScore: String(min), maxScore: String(max), gaps: false }))}
        />
      </div>

      <form className={s.filters} aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <label className={s.search}>
          <span className={s.srOnly}>Search</span>
          <input
            ref={searchInput}
            type="search"
            placeholder="Search English / 中文   /"
            value={filters.q}
            onChange={(e) => set("q", e.target.value)}
            onKeyDown={(e) => e.key === "Escape" && (e.target as HTMLInputElement).blur()}
          />
        </label>
        {/* hook-in: search options, bulk actions, find-and-replace (issue 14 items 3-4) */}
        <SearchOptions value={filters} onChange={(p) => setFilters((f) => ({ ...f, ...p }))} />
        {canEdit && <button type="button" onClick={() => setOpsDialog("bulk")} data-testid="open-bulk">Bulk…</button>}
        {canEdit && <button type="button" onClick={() => setOpsDialog("replace")} data-testid="open-replace">Replace…</button>}
        <label>
          Score
          <input type="number" min={0} max={100} value={filters.minScore} placeholder="0" onChange={(e) => set("minScore", e.target.value)} aria-label="Minimum score" />
          –
          <input type="number" min={0} max={100} value={filters.maxScore} placeholder="100" onChange={(e) => set("maxScore", e.target.value)} aria-label="Maximum score" />
        </label>
        <ConfidenceFilter min={filters.minConfidence} max={filters.maxConfidence} onChange={set} />
        <label>
          Status
          <select value={filters.status} onChange={(e) => set("status", e.target.value)}>
            <option value="">any</option>
            {STATUSES.map((x) => (
              <option key={x}>{x}</option>
            ))}
          </select>
        </label>
        <label>
          Editor flags
          <select value={filters.category} onChange={(e) => set("category", e.target.value)} aria-label="Flag category">
            <option value="">any category</option>
            {FLAG_CATEGORIES.map((x) => (
              <option key={x}>{x}</option>
            ))}
          </select>
          <select value={filters.severity} onChange={(e) => set("severity", e.target.value)} aria-label="Flag severity">
            <option value="">any severity</option>
            {FLAG_SEVERITIES.map((x) => (
              <option key={x}>{x}</option>
            ))}
          </select>
        </label>
        <label>
          Checks
          <select value={filters.check} onChange={(e) => set("check", e.target.value)} aria-label="Check filter">
            <option value="">any pair</option>
            <option value="any">with an open finding</option>
            <optgroup label="by category">
              {checkCategories.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </optgroup>
            <optgroup label="by check">
              {checks.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.id}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <label className={s.check}>
          <input type="checkbox" checked={filters.gaps} onChange={(e) => set("gaps", e.target.checked)} /> only gaps
        </label>
        <label className={s.check}>
          <input type="checkbox" checked={filters.crossing} onChange={(e) => set("crossing", e.target.checked)} /> only crossing
        </label>
        <label>
          Sort
          <select value={filters.sort} onChange={(e) => set("sort", e.target.value as Filters["sort"])}>
            <option value="position">reading order</option>
            <option value="score-asc">score, lowest first</option>
            <option value="score-desc">score, highest first</option>
            <option value="confidence-asc">confidence, lowest first</option>
            <option value="confidence-desc">confidence, highest first</option>
          </select>
        </label>
        {filtered && (
          <button type="button" className={s.link} onClick={() => setFilters(NO_FILTERS)}>
            Clear filters
          </button>
        )}
        <span className={s.shown} data-testid="shown">
          {filtered ? `${index.ids.length.toLocaleString("en")} of ${index.summary.pairs.toLocaleString("en")} pairs` : ""}
          {loadingIndex ? " …" : ""}
        </span>
      </form>

      {notice && (
        <div className={`${s.notice} ${s[`notice_${notice.kind}`]}`} role={notice.kind === "ok" ? "status" : "alert"}>
          <span>{notice.text}</span>
          {notice.kind === "conflict" && (
            <button type="button" className={s.primary} onClick={() => void reloadAll()}>
              Reload
            </button>
          )}
          <button type="button" className={s.link} onClick={() => setNotice(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}

      <LiveNotes notes={liveNotes} />
      {canEdit && (
        <DraftsNotice
          drafts={store.drafts}
          number={no}
          focusId={focusId}
          editing={mode === "edit"}
          onOpen={(pairId) => {
            setFocusId(pairId);
            setMode("edit");
          }}
          onDiscard={(ids) => store.drop(ids)}
        />
      )}

      <div className={s.body}>
        <div className={s.listWrap}>
          <div className={s.colHead} aria-hidden>
            <span>#</span>
            <span>English</span>
            <span>中文</span>
            <span>Score</span>
          </div>
          <VirtualList
            ids={listIds}
            estimate={76}
            focusIndex={focusIndex}
            renderRow={renderRow}
            onRange={onRange}
            className={s.list}
            label="Pairs"
            activeDescendant={focusId !== null ? `pair-${focusId}` : undefined}
            empty={<div className="empty">No pair matches these filters.</div>}
          />
        </div>
        <Inspector
          row={focusRow}
          number={focusPos + 1}
          prev={prevId !== undefined ? rows.get(prevId) : undefined}
          next={nextId !== undefined ? rows.get(nextId) : undefined}
          hasPrev={prevId !== undefined}
          hasNext={nextId !== undefined}
          mode={mode}
          setMode={setMode}
          busy={busy}
          actions={canEdit ? actions : null}
          store={store}
          userId={userId}
          userName={userName}
          others={focusId === null ? undefined : othersByPair.get(focusId)}
          checks={checks}
          onHotFinding={setHotFinding}
          key={focusId ?? 0}
        />
      </div>

      {/* hook-in: bulk / replace dialogs; after either, reload every row (as after an undo) */}
      {opsDialog === "bulk" && <BulkDialog bitextId={bitextId} filters={filters} onClose={() => setOpsDialog(null)} onDone={(r) => (setOpsDialog(null), void reloadAll().then(() => setNotice({ kind: "ok", text: `Bulk action: ${r.changed.length} pairs changed${r.skipped.length ? `, ${r.skipped.length} skipped (changed since the preview)` : ""}` })))} />}
      {opsDialog === "replace" && <ReplaceDialog bitextId={bitextId} q={filters.q} options={filters} onClose={() => setOpsDialog(null)} onDone={(r) => (setOpsDialog(null), void reloadAll().then(() => setNotice({ kind: "ok", text: `Replaced in ${r.changed.length} sentences${r.skipped.length ? `, ${r.skipped.length} skipped` : ""}` })))} />}
      {help && (
        <div className={s.overlay} role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onClick={() => setHelp(false)}>
          <div className={s.helpBox} onClick={(e) => e.stopPropagation()}>
            <h2>Keyboard shortcuts</h2>
            <table>
              <tbody>
                {KEYS.filter(([k]) => canEdit || !EDIT_KEYS.has(k)).map(([k, what]) => (
                  <tr key={k}>
                    <td>
                      <kbd>{k}</kbd>
                    </td>
                    <td>{what}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted">Shortcuts never fire while you type in a field. Press Esc or ? to close.</p>
            <button type="button" onClick={() => setHelp(false)} autoFocus>
              Close
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

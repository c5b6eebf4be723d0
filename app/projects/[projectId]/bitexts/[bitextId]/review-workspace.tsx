"use client";
// The review workspace: header and toolbar, summary, filters, the windowed pair list and the
// inspector of the focused pair (a drawer on narrow screens), split by a resizable separator.
// Data through TanStack Query (use-pair-index.ts, use-rows.ts), changes as mutations
// (use-pair-ops.ts, use-pair-actions.ts), others' changes from the live feed (use-live.ts,
// use-live-review.ts), keys from the key table (keys.ts, use-review-keys.ts).
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { PairIndex, ReviewHeader, ReviewRow } from "@/lib/db/review/view";
import { BulkDialog } from "./bulk-dialog";
import { NO_FILTERS, isFiltered, tabClientId, type CheckInfo, type Filters } from "./client-api";
import { GotoDialog, ShortcutsDialog } from "./dialogs";
import { DraftsNotice } from "./drafts-notice";
import { FiltersBar } from "./filters-bar";
import { Inspector } from "./inspector/inspector";
import type { Mode } from "./inspector/types";
import { firstReal, listRows } from "./nav";
import { NoticeBar, type Notice } from "./notice";
import { PairList } from "./pair-list";
import { ReplaceDialog } from "./replace-dialog";
import { SearchOptions } from "./search-options";
import { LiveNotes, presenceByPair, usePresenceSender } from "./presence";
import { Histogram, SummaryBar } from "./summary";
import { useDrafts } from "./use-drafts";
import { WorkspaceHeader } from "./workspace-header";
import { useLive } from "./use-live";
import { useLiveReview } from "./use-live-review";
import { useNavigation } from "./use-navigation";
import { usePairActions } from "./use-pair-actions";
import { usePairIndex } from "./use-pair-index";
import { usePairOps } from "./use-pair-ops";
import { useWorkspaceKeys, type WorkspaceDialog } from "./use-review-keys";
import { seedRows, useRow, useRowCache } from "./use-rows";
import { useSplitWidth } from "./use-split-width";
import { plural } from "@/lib/text/plural";
import s from "./review.module.css";

interface Props {
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
  /** extension points: more tools in the header's toolbar and in the filter bar */
  tools?: ReactNode;
  filterTools?: ReactNode;
}

export function ReviewWorkspace({ header, initialIndex, initialRows, userId, userName, canEdit, initialFocus = null, since, checks, tools, filterTools }: Props) {
  const bitextId = header.id;
  const qc = useQueryClient();
  useState(() => seedRows(qc, bitextId, initialRows));
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const idx = usePairIndex(bitextId, filters, { filters: NO_FILTERS, index: initialIndex });
  const index = idx.index;
  const rows = useRowCache(bitextId);
  // the page opens on the first real pair of the list, not on excluded web clutter
  const [focusId, setFocusId] = useState<number | null>(initialFocus ?? firstReal(initialIndex.ids, initialIndex.clutter));
  const [showClutter, setShowClutter] = useState(() => initialFocus !== null && initialIndex.clutter.includes(initialFocus));
  const [hotFinding, setHotFinding] = useState<number | null>(null);
  const [mode, setModeState] = useState<Mode>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [dialog, setDialog] = useState<WorkspaceDialog>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [clientId, setClientId] = useState<string | null>(null);
  useEffect(() => setClientId(tabClientId()), []);
  const own = useRef(new Set<number>()).current;
  const store = useDrafts(bitextId, userId);
  const split = useSplitWidth();
  const searchRef = useRef<HTMLInputElement>(null);

  const setFocus = useCallback((id: number | null) => {
    setFocusId((cur) => {
      if (cur !== id) {
        setModeState(null);
        setHotFinding(null);
      }
      return id;
    });
  }, []);
  const setMode = useCallback((m: Mode) => {
    setModeState(m);
    if (m) setDrawerOpen(true);
  }, []);

  const filtered = isFiltered(filters);
  const listIds = useMemo(() => listRows(index.ids, index.clutter, filtered, showClutter), [index.ids, index.clutter, filtered, showClutter]);
  const navIds = useMemo(() => listIds.filter((id) => id > 0), [listIds]);
  const posOf = useMemo(() => new Map(index.order.map((id, i) => [id, i])), [index.order]);
  const number = useCallback((id: number) => (posOf.get(id) ?? -1) + 1, [posOf]);
  const focusPos = focusId === null ? -1 : (posOf.get(focusId) ?? -1);
  const prevId = focusPos > 0 ? index.order[focusPos - 1] : undefined;
  const nextId = focusPos >= 0 && focusPos < index.order.length - 1 ? index.order[focusPos + 1] : undefined;
  const focusRow = useRow(bitextId, focusId);
  const prevRow = useRow(bitextId, prevId);
  const nextRow = useRow(bitextId, nextId);

  // a new sort or filter: the list starts from the top, on its first row
  const appliedKey = JSON.stringify(idx.applied);
  const shownKey = useRef(appliedKey);
  useEffect(() => {
    if (!idx.current || shownKey.current === appliedKey) return;
    shownKey.current = appliedKey;
    setFocus(firstReal(listIds, index.clutter));
  }, [idx.current, appliedKey, listIds, index.clutter, setFocus]);

  const refocus = useCallback((next: PairIndex, want: number | null | undefined, alt: number[] = []) => {
    setFocusId((cur) => {
      const w = want ?? cur;
      if (w !== null && next.ids.includes(w)) return w;
      return alt.find((id) => next.ids.includes(id)) ?? firstReal(next.ids, next.clutter);
    });
  }, []);

  // A merge or move with a neighbour that is collapsed web clutter would change a pair nobody sees:
  // the clutter is shown instead, and the editor asked to do it again if it is meant.
  const hiddenClutter = useCallback(
    (id: number) => {
      if (filtered || showClutter || !index.clutter.includes(id)) return false;
      setShowClutter(true);
      setNotice({ kind: "error", text: `Its neighbour, pair ${number(id)}, is excluded web clutter: the clutter is shown now. Do it again to include that pair.` });
      return true;
    },
    [filtered, showClutter, index.clutter, number],
  );

  const ops = usePairOps({ bitextId, canEdit, rows, refreshIndex: idx.refresh, own, refocus, notify: setNotice });
  const actions = usePairActions({ ops, rows, order: index.order, number, hiddenClutter, notify: setNotice });
  const live = useLiveReview({ bitextId, userId, rows, own, order: index.order, refreshIndex: idx.refresh, refocus });
  const presence = useLive(bitextId, clientId, live.onChanges, since);
  usePresenceSender(bitextId, clientId, focusId, mode === "edit");
  const othersByPair = useMemo(() => presenceByPair(presence), [presence]);
  const nav = useNavigation({
    index,
    navIds,
    focusId,
    focusRow,
    setFocus,
    actions: canEdit ? actions : null,
    busy: ops.busy,
    filtered,
    showClutter: () => setShowClutter(true),
    notify: setNotice,
  });

  useWorkspaceKeys({
    nav,
    row: focusRow,
    actions,
    ops,
    canEdit,
    setMode,
    dialog,
    setDialog,
    searchRef,
    toggleDrawer: () => setDrawerOpen((o) => !o),
    clearFilters: () => setFilters((f) => ({ ...NO_FILTERS, sort: f.sort })),
    escape: () => {
      setModeState(null);
      setNotice(null);
      setDrawerOpen(false);
    },
  });

  const toggleClutter = () => {
    setShowClutter((v) => !v);
    if (showClutter && focusId !== null && index.clutter.includes(focusId)) setFocus(firstReal(index.ids, index.clutter));
  };
  const highlights = useMemo(() => ({ hotFinding }), [hotFinding]);
  // a filter the server refuses (an invalid regular expression) says why until it is changed
  const indexError = idx.error && !idx.loading ? { kind: "error" as const, text: idx.error.message } : null;
  const shownNotice = ops.progress ? { kind: "ok" as const, text: ops.progress } : (notice ?? indexError);

  return (
    <div className={s.workspace} style={{ "--inspector-w": `${split.width}px` } as React.CSSProperties}>
      <WorkspaceHeader
        header={header}
        pairs={index.summary.pairs}
        canEdit={canEdit}
        userName={userName}
        busy={ops.busy}
        onUndo={ops.undo}
        onRealign={ops.realign}
        onGoto={() => setDialog("goto")}
        onHelp={() => setDialog("help")}
        drawerOpen={drawerOpen}
        onToggleDrawer={() => setDrawerOpen((o) => !o)}
        tools={
          <>
            {tools}
            {canEdit && (
              <>
                <button type="button" onClick={() => setDialog("bulk")} data-testid="open-bulk" title="Confirm, exclude or flag every pair the filter shows (b)">
                  Bulk… <kbd>b</kbd>
                </button>
                <button type="button" onClick={() => setDialog("replace")} data-testid="open-replace" title="Find and replace over corrections (r)">
                  Replace… <kbd>r</kbd>
                </button>
              </>
            )}
          </>
        }
      />
      <div className={s.overview}>
        <SummaryBar summary={index.summary} />
        <Histogram
          summary={index.summary}
          selected={{ min: filters.minScore === "" ? null : Number(filters.minScore), max: filters.maxScore === "" ? null : Number(filters.maxScore) }}
          onPick={(min, max) => setFilters((f) => ({ ...f, minScore: String(min), maxScore: String(max), gaps: false }))}
        />
      </div>
      <FiltersBar filters={filters} setFilters={setFilters} checks={checks} shown={index.ids.length} total={index.summary.pairs} loading={idx.loading} searchRef={searchRef}
        tools={
          <>
            <SearchOptions value={filters} onChange={(p) => setFilters((f) => ({ ...f, ...p }))} />
            {filterTools}
          </>
        }
      />
      <NoticeBar notice={shownNotice} onReload={() => void ops.reloadAll()} onDismiss={() => setNotice(null)} />
      <LiveNotes notes={live.notes} />
      {canEdit && (
        <DraftsNotice drafts={store.drafts} number={number} focusId={focusId} editing={mode === "edit"} onOpen={(id) => (setFocus(id), setMode("edit"))} onDiscard={(ids) => store.drop(ids)} />
      )}
      <div className={s.body}>
        <div className={s.listWrap}>
          <div className={s.colHead} aria-hidden>
            <span>#</span>
            <span>English</span>
            <span>中文</span>
            <span>Score</span>
          </div>
          <PairList
            bitextId={bitextId}
            ids={listIds}
            focusId={focusId}
            number={number}
            onSelect={setFocus}
            resetKey={appliedKey}
            clutter={{ count: index.clutter.length, shown: showClutter, toggle: toggleClutter }}
            others={othersByPair}
            drafts={store.drafts}
            me={userId}
            highlights={highlights}
          />
        </div>
        <div className={s.splitter} {...split.separator} />
        <Inspector
          key={focusId ?? 0}
          row={focusRow}
          number={focusPos + 1}
          prev={prevRow}
          next={nextRow}
          hasPrev={prevId !== undefined}
          hasNext={nextId !== undefined}
          mode={mode}
          setMode={setMode}
          busy={ops.busy}
          actions={canEdit ? actions : null}
          onConfirmNext={() => void nav.confirmNext()}
          store={store}
          userId={userId}
          userName={userName}
          others={focusId === null ? undefined : othersByPair.get(focusId)}
          checks={checks}
          onHotFinding={setHotFinding}
          drawerOpen={drawerOpen}
          onCloseDrawer={() => setDrawerOpen(false)}
        />
      </div>
      {dialog === "help" && <ShortcutsDialog canEdit={canEdit} onClose={() => setDialog(null)} />}
      {dialog === "goto" && <GotoDialog max={index.order.length} go={nav.goto} onClose={() => setDialog(null)} />}
      {dialog === "bulk" && (
        <BulkDialog
          bitextId={bitextId}
          filters={filters}
          onClose={() => setDialog(null)}
          onDone={(r) => {
            setDialog(null);
            void ops.reloadAll().then(() =>
              setNotice({ kind: "ok", text: `Bulk action: ${plural(r.changed.length, "pair")} changed${r.skipped.length ? `, ${r.skipped.length} skipped (changed since the preview)` : ""}` }),
            );
          }}
        />
      )}
      {dialog === "replace" && (
        <ReplaceDialog
          bitextId={bitextId}
          q={filters.q}
          options={filters}
          onClose={() => setDialog(null)}
          onDone={(r) => {
            setDialog(null);
            void ops.reloadAll().then(() =>
              setNotice({ kind: "ok", text: `Replaced in ${plural(r.changed.length, "sentence")}${r.skipped.length ? `, ${r.skipped.length} skipped` : ""}` }),
            );
          }}
        />
      )}
    </div>
  );
}

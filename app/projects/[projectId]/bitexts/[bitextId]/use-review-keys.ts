"use client";
// The review page's keyboard: one window listener that looks the key up in the key table
// (keys.ts) and runs the handler of its action. Never while typing in a field; viewers get no
// key that changes something; while the `?` map is open only Esc and ? (close it) work.
import { useEffect, useRef, type RefObject } from "react";
import type { ReviewRow } from "@/lib/db/review/view";
import type { Actions, Mode } from "./inspector/types";
import { bindingFor } from "./keys";
import type { useNavigation } from "./use-navigation";
import type { usePairOps } from "./use-pair-ops";

export type KeyHandlers = Partial<Record<string, () => void>>;

const typing = (t: EventTarget | null) => {
  const el = t as HTMLElement | null;
  return !!el && (!!el.closest?.("input, textarea, select, [contenteditable='true']") || el.isContentEditable);
};

export function useReviewKeys(handlers: KeyHandlers, opts: { canEdit: boolean; helpOpen: boolean; closeHelp: () => void; modalOpen?: boolean }) {
  const current = useRef({ handlers, opts });
  useEffect(() => {
    current.current = { handlers, opts };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || typing(e.target)) return;
      const { handlers: h, opts: o } = current.current;
      const b = bindingFor(e);
      if (o.helpOpen) {
        if (b?.action === "escape" || b?.action === "help") {
          e.preventDefault();
          o.closeHelp();
        }
        return;
      }
      // a dialog with its own fields and buttons (go to, bulk, replace) takes the keys itself
      if (o.modalOpen) return;
      const run = b && (!b.edits || o.canEdit) ? h[b.action] : undefined;
      if (!run) return;
      e.preventDefault();
      run();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

/** The dialogs a key can open over the workspace. */
export type WorkspaceDialog = null | "help" | "goto" | "bulk" | "replace";

interface WorkspaceKeys {
  nav: ReturnType<typeof useNavigation>;
  row: ReviewRow | undefined;
  actions: Actions;
  ops: ReturnType<typeof usePairOps>;
  canEdit: boolean;
  setMode: (m: Mode) => void;
  dialog: WorkspaceDialog;
  setDialog: (d: WorkspaceDialog) => void;
  searchRef: RefObject<HTMLInputElement | null>;
  toggleDrawer: () => void;
  clearFilters: () => void;
  escape: () => void;
}

/** The review workspace's handler for each action of the key table. */
export function useWorkspaceKeys(k: WorkspaceKeys) {
  const { nav, row, actions, ops } = k;
  useReviewKeys(
    {
      next: () => nav.move(1),
      prev: () => nav.move(-1),
      first: () => nav.move("first"),
      last: () => nav.move("last"),
      nextUnreviewed: () => nav.nextUnreviewed(1),
      prevUnreviewed: () => nav.nextUnreviewed(-1),
      nextFinding: () => nav.nextFinding(1),
      prevFinding: () => nav.nextFinding(-1),
      goto: () => k.setDialog("goto"),
      bulk: () => k.setDialog("bulk"),
      replace: () => k.setDialog("replace"),
      confirmNext: () => void nav.confirmNext(),
      confirm: () => row && !ops.busy && void actions.setStatus(row, "confirmed"),
      flag: () => row && k.setMode("flag"),
      edit: () => row && k.setMode("edit"),
      split: () => row && row.en.length + row.zh.length > 1 && k.setMode("split"),
      merge: () => row && !ops.busy && void actions.merge(row),
      undo: () => !ops.busy && ops.undo(),
      search: () => k.searchRef.current?.focus(),
      inspector: k.toggleDrawer,
      clearFilters: k.clearFilters,
      help: () => k.setDialog("help"),
      escape: k.escape,
    },
    { canEdit: k.canEdit, helpOpen: k.dialog === "help", closeHelp: () => k.setDialog(null), modalOpen: k.dialog !== null && k.dialog !== "help" },
  );
}

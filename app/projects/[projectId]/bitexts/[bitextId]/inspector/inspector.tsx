"use client";
// The side panel for the focused pair: its header (who else is on it), the action buttons, the
// open form (flag, correction, split) and the sections (sections.tsx, in order). On narrow
// screens it is a drawer over the list (review.module.css), closed with its button or Esc.
import { Fragment } from "react";
import type { ReviewRow } from "@/lib/db/review/view";
import type { PresenceEntry } from "@/lib/review/schema";
import type { CheckInfo } from "../client-api";
import { EditForm } from "../edit-form";
import { InspectorPresence } from "../presence";
import { when } from "../text";
import { pairDrafts, strayDrafts, type DraftStore } from "../use-drafts";
import { ActionsBar, Kbd } from "./actions-bar";
import { FlagForm } from "./flag-form";
import { INSPECTOR_SECTIONS } from "./sections";
import { SplitForm } from "./split-form";
import type { Actions, Mode } from "./types";
import s from "../review.module.css";

export interface InspectorProps {
  row: ReviewRow | undefined;
  number: number;
  prev: ReviewRow | undefined;
  next: ReviewRow | undefined;
  hasPrev: boolean;
  hasNext: boolean;
  mode: Mode;
  setMode: (m: Mode) => void;
  busy: boolean;
  /** null for viewers: the pair is shown without any edit control */
  actions: Actions | null;
  onConfirmNext: () => void;
  /** unsaved corrections in this browser */
  store: DraftStore;
  userId: number;
  userName: string;
  /** the other people who have this pair open */
  others: PresenceEntry[] | undefined;
  checks: CheckInfo[];
  onHotFinding: (flagId: number | null) => void;
  /** the drawer's state on narrow screens */
  drawerOpen: boolean;
  onCloseDrawer: () => void;
}

export function Inspector(props: InspectorProps) {
  const { row, number, drawerOpen, onCloseDrawer } = props;
  return (
    <aside id="inspector" className={`${s.inspector} ${drawerOpen ? s.drawerOpen : ""}`} aria-label="Selected pair" data-testid="inspector">
      <button type="button" className={s.drawerClose} onClick={onCloseDrawer} aria-label="Close the details">
        × <Kbd action="escape" />
      </button>
      {row ? <PairDetails {...props} row={row} /> : <p className="muted">{number > 0 ? "Loading…" : "Select a pair (click it, or j / k)."}</p>}
    </aside>
  );
}

function PairDetails(props: InspectorProps & { row: ReviewRow }) {
  const { row, number, mode, setMode, busy, actions, store, userId, userName, others } = props;
  const drafted = pairDrafts(row, store.drafts).length > 0 || strayDrafts(row, store.drafts).length > 0;
  return (
    <>
      <header className={s.inspHead}>
        <h2>
          Pair {number} <span className="muted">· id {row.id}</span>
        </h2>
        <div className="muted">
          {row.status}
          {row.origin === "manual" ? " · aligned by hand" : ""} · v{row.version}
          {row.updatedBy ? ` · last change by ${row.updatedBy} ${when(row.updatedAt)}` : ""}
        </div>
        <InspectorPresence people={others} me={userId} />
      </header>
      {actions && <ActionsBar {...props} actions={actions} />}
      {actions && mode === "flag" && <FlagForm busy={busy} onCancel={() => setMode(null)} onSubmit={(f) => actions.addFlag(row, f)} />}
      {actions && mode === "edit" && (
        <EditForm row={row} store={store} busy={busy} userName={userName} others={others ?? []} correct={actions.correct} refresh={actions.refresh} onClose={() => setMode(null)} />
      )}
      {actions && mode !== "edit" && drafted && (
        <div className={s.draftBanner} role="note" data-testid="draft-banner">
          <span>You have an unsaved correction of this pair, kept in this browser.</span>
          <button type="button" className={s.primary} onClick={() => setMode("edit")}>
            Continue editing <Kbd action="edit" />
          </button>
        </div>
      )}
      {actions && mode === "split" && <SplitForm row={row} busy={busy} onCancel={() => setMode(null)} onSubmit={(en, zh) => actions.split(row, en, zh)} />}
      {INSPECTOR_SECTIONS.map((section) => (
        <Fragment key={section.id}>{section.render(props)}</Fragment>
      ))}
    </>
  );
}

"use client";
// The workspace's header: the document pair's title and size, who edits, and the toolbar
// (undo, re-align, go to, shortcuts, the details drawer). `tools` is the place for more tools
// (such as "Bulk…"), shown first in the toolbar.
import type { ReactNode } from "react";
import type { ReviewHeader } from "@/lib/db/review/view";
import { plural } from "@/lib/text/plural";
import { Kbd } from "./inspector/actions-bar";
import s from "./review.module.css";

interface Props {
  header: ReviewHeader;
  pairs: number;
  canEdit: boolean;
  userName: string;
  busy: boolean;
  onUndo: () => void;
  onRealign: () => void;
  onGoto: () => void;
  onHelp: () => void;
  drawerOpen: boolean;
  onToggleDrawer: () => void;
  tools?: ReactNode;
}

export function WorkspaceHeader({ header, pairs, canEdit, userName, busy, onUndo, onRealign, onGoto, onHelp, drawerOpen, onToggleDrawer, tools }: Props) {
  return (
    <header className={s.head}>
      <div className={s.titleBlock}>
        <h1>{header.title}</h1>
        <span className="muted">
          {header.alignedMode ? `${header.alignedMode} alignment` : ""} · {plural(pairs, "pair")}
        </span>
      </div>
      {canEdit ? (
        <div className={s.editor}>
          <span className="muted">Editing as</span> <strong data-testid="editor-name">{userName}</strong>
        </div>
      ) : (
        <div className={s.readOnly} role="note" data-testid="read-only">
          <strong>Read-only</strong> — you are a viewer of this project: you can read, filter and export, not change it. An owner can make you an editor.
        </div>
      )}
      <div className={s.headButtons} role="toolbar" aria-label="Tools">
        {tools}
        {canEdit && (
          <>
            <button type="button" onClick={onUndo} disabled={busy} title="Undo your last change">
              Undo <Kbd action="undo" />
            </button>
            <button type="button" onClick={onRealign} disabled={busy} title="Re-align all pairs that are not confirmed">
              Re-align unconfirmed
            </button>
          </>
        )}
        <button type="button" onClick={onGoto} title="Go to a pair by its number">
          Go to # <Kbd action="goto" />
        </button>
        <button type="button" className={s.drawerToggle} onClick={onToggleDrawer} aria-expanded={drawerOpen} aria-controls="inspector">
          Details <Kbd action="inspector" />
        </button>
        <button type="button" onClick={onHelp} title="Keyboard shortcuts">
          Shortcuts <Kbd action="help" />
        </button>
      </div>
    </header>
  );
}

"use client";
// The inspector's buttons for the focused pair, each with its key (from the key table).
import type { ReviewRow } from "@/lib/db/review/view";
import { keyHint } from "../keys";
import type { Actions, Mode } from "./types";
import s from "../review.module.css";

export function Kbd({ action }: { action: string }) {
  const k = keyHint(action);
  return k ? <kbd>{k}</kbd> : null;
}

interface Props {
  row: ReviewRow;
  prev: ReviewRow | undefined;
  next: ReviewRow | undefined;
  hasNext: boolean;
  mode: Mode;
  setMode: (m: Mode) => void;
  busy: boolean;
  actions: Actions;
  /** confirms and moves to the next unreviewed pair */
  onConfirmNext: () => void;
}

export function ActionsBar({ row, prev, next, hasNext, mode, setMode, busy, actions, onConfirmNext }: Props) {
  const oneSided = row.en.length === 0 ? "zh" : row.zh.length === 0 ? "en" : null;
  const linkable = (o: ReviewRow | undefined): o is ReviewRow =>
    !!o && !!oneSided && (oneSided === "en" ? o.en.length === 0 && o.zh.length > 0 : o.zh.length === 0 && o.en.length > 0);
  const toggle = (m: Exclude<Mode, null>) => setMode(mode === m ? null : m);
  return (
    <div className={s.actions}>
      {row.status === "confirmed" ? (
        <button type="button" disabled={busy} onClick={() => actions.setStatus(row, "automatic")}>
          Unconfirm
        </button>
      ) : (
        <>
          <button type="button" className={s.primary} disabled={busy} onClick={onConfirmNext} title="Confirm and go to the next unreviewed pair">
            Confirm &amp; next <Kbd action="confirmNext" />
          </button>
          <button type="button" disabled={busy} onClick={() => actions.setStatus(row, "confirmed")} title="Confirm and stay on this pair">
            Confirm <Kbd action="confirm" />
          </button>
        </>
      )}
      <button type="button" disabled={busy} onClick={() => toggle("flag")} aria-pressed={mode === "flag"}>
        Flag <Kbd action="flag" />
      </button>
      <button type="button" disabled={busy} onClick={() => toggle("edit")} aria-pressed={mode === "edit"}>
        Edit text <Kbd action="edit" />
      </button>
      <button type="button" disabled={busy || !hasNext} onClick={() => actions.merge(row)}>
        Merge with next <Kbd action="merge" />
      </button>
      <button type="button" disabled={busy || row.en.length + row.zh.length < 2} onClick={() => toggle("split")} aria-pressed={mode === "split"}>
        Split <Kbd action="split" />
      </button>
      {row.en.length > 0 && row.zh.length > 0 && (
        <button type="button" disabled={busy} onClick={() => actions.unlink(row)} title="Make the English and the Chinese side two gaps">
          Unlink
        </button>
      )}
      {linkable(prev) && (
        <button type="button" disabled={busy} onClick={() => actions.link(row, prev)}>
          Link with previous gap
        </button>
      )}
      {linkable(next) && (
        <button type="button" disabled={busy} onClick={() => actions.link(row, next)}>
          Link with next gap
        </button>
      )}
    </div>
  );
}

"use client";
// The one-line notice under the filters: what was done, what went wrong, a conflict with Reload.
import { ApiError } from "./client-api";
import s from "./review.module.css";

export interface Notice {
  kind: "ok" | "error" | "conflict";
  text: string;
}

/** How an error of an operation is told: conflicts and gone pairs offer Reload. */
export function errorNotice(e: unknown): Notice {
  if (e instanceof ApiError && (e.status === 409 || e.status === 404) && (e.conflict || e.status === 404)) return { kind: "conflict", text: e.message };
  if (e instanceof ApiError && e.code === "signed-out") return { kind: "error", text: `${e.message}. Reload the page to sign in again.` };
  return { kind: "error", text: (e as Error).message };
}

export function NoticeBar({ notice, onReload, onDismiss }: { notice: Notice | null; onReload: () => void; onDismiss: () => void }) {
  if (!notice) return null;
  return (
    <div className={`${s.notice} ${s[`notice_${notice.kind}`]}`} role={notice.kind === "ok" ? "status" : "alert"}>
      <span>{notice.text}</span>
      {notice.kind === "conflict" && (
        <button type="button" className={s.primary} onClick={onReload}>
          Reload
        </button>
      )}
      <button type="button" className={s.link} onClick={onDismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}

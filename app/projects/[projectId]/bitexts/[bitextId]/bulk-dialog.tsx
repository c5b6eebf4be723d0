"use client";
// Bulk action over the pairs matching the page's filter: choose the action, see how many pairs
// and which (a preview from the server), then apply: one change, one undo. Pairs someone changed
// since the preview are skipped and counted in the answer.
import { useState } from "react";
import type { BulkPreview, BulkResult } from "@/lib/db/review/bulk";
import { api, filterQuery, type Filters } from "./client-api";
import { MqmCategorySelect, SeveritySelect } from "./mqm-select";
import s from "./review-ops.module.css";

type Kind = "confirm" | "exclude" | "flag";

/** The page's filter as the index reads it (the same query string, as an object). */
export const filterBody = (f: Filters) => Object.fromEntries(new URLSearchParams(filterQuery(f)));

export function BulkDialog({ bitextId, filters, onClose, onDone }: { bitextId: number; filters: Filters; onClose: () => void; onDone: (r: BulkResult) => void }) {
  const [kind, setKind] = useState<Kind>("confirm");
  const [category, setCategory] = useState("");
  const [severity, setSeverity] = useState("");
  const [preview, setPreview] = useState<BulkPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const action = kind === "confirm" ? { type: "status", status: "confirmed" } : kind === "exclude" ? { type: "exclude" } : { type: "flag", category, severity, note: "" };
  const call = async <T,>(path: string, extra: object = {}) => {
    setBusy(true);
    setError(null);
    try {
      return await api<T>(`/api/bitexts/${bitextId}/${path}`, { method: "POST", body: JSON.stringify({ filter: filterBody(filters), action, ...extra }) });
    } catch (e) {
      setError((e as Error).message);
      return null;
    } finally {
      setBusy(false);
    }
  };
  const apply = async () => {
    if (!preview) return;
    const r = await call<BulkResult>("bulk", { expectedVersions: preview.expectedVersions });
    if (r) onDone(r);
  };
  return (
    <div className={s.overlay} role="dialog" aria-modal="true" aria-label="Bulk action" onKeyDown={(e) => e.key === "Escape" && onClose()}>
      <div className={s.dialog} data-testid="bulk-dialog">
        <h2>Bulk action on the filtered pairs</h2>
        <div className={s.row} role="radiogroup" aria-label="Action">
          {(["confirm", "exclude", "flag"] as const).map((k) => (
            <label key={k}>
              <input type="radio" name="bulk-kind" checked={kind === k} onChange={() => (setKind(k), setPreview(null))} /> {k === "confirm" ? "Confirm" : k === "exclude" ? "Exclude (web clutter)" : "Flag"}
            </label>
          ))}
        </div>
        {kind === "flag" && (
          <div className={s.row}>
            <MqmCategorySelect value={category} onChange={(v) => (setCategory(v), setPreview(null))} />
            <SeveritySelect value={severity} onChange={(v) => (setSeverity(v), setPreview(null))} />
          </div>
        )}
        {!preview ? (
          <div className={s.buttons}>
            <button type="button" disabled={busy || (kind === "flag" && (!category || !severity))} onClick={async () => setPreview(await call<BulkPreview>("bulk/preview"))} autoFocus>
              Preview
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        ) : (
          <>
            <p data-testid="bulk-count">
              <strong>{preview.count.toLocaleString("en")}</strong> of {preview.matching.toLocaleString("en")} matching pairs would change
              {preview.unchanged ? ` (${preview.unchanged.toLocaleString("en")} already done or excluded)` : ""}. One undo takes it all back.
            </p>
            <ul className={s.sample} aria-label="Pairs that would change">
              {preview.sample.map((p) => (
                <li key={p.pairId}>
                  <span>#{p.number}</span>
                  <span lang="en">{p.en}</span>
                  <span lang="zh-Hans">{p.zh}</span>
                </li>
              ))}
              {preview.count > preview.sample.length && <li className="muted">… and {(preview.count - preview.sample.length).toLocaleString("en")} more</li>}
            </ul>
            <div className={s.buttons}>
              <button type="button" disabled={busy || preview.count === 0} onClick={() => void apply()} autoFocus>
                {kind === "confirm" ? "Confirm" : kind === "exclude" ? "Exclude" : "Flag"} {preview.count.toLocaleString("en")} pairs
              </button>
              <button type="button" onClick={onClose}>
                Cancel
              </button>
            </div>
          </>
        )}
        {error && (
          <p className={s.error} role="alert">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}

"use client";
// Editors' flags of the pair: edit, resolve, reopen.
import { useState } from "react";
import type { ReviewRow } from "@/lib/db/review/view";
import { isCheckFinding, when } from "../text";
import { FlagForm } from "./flag-form";
import type { Actions } from "./types";
import s from "../review.module.css";

export function Flags({ row, busy, actions }: { row: ReviewRow; busy: boolean; actions: Actions | null }) {
  const [editing, setEditing] = useState<number | null>(null);
  const flags = row.flags.filter((f) => !isCheckFinding(f));
  if (!flags.length) return null;
  return (
    <section className={s.section} aria-label="Flags">
      <h3>Editors&rsquo; flags</h3>
      <ul className={s.flagList}>
        {flags.map((f) => (
          <li key={f.id} className={f.resolved ? s.resolved : undefined} data-flag-id={f.id}>
            {actions && editing === f.id ? (
              <FlagForm
                busy={busy}
                initial={f}
                submitLabel="Save flag"
                onCancel={() => setEditing(null)}
                onSubmit={(patch) => actions.updateFlag(row, f, patch)}
              />
            ) : (
              <>
                <div>
                  <span className={`${s.flagChip} ${s[`sev_${f.severity}`]}`}>{f.category}</span> <strong>{f.severity}</strong>
                  {f.resolved && <span className={s.tag}>resolved{f.resolvedBy ? ` by ${f.resolvedBy}` : ""}</span>}
                </div>
                {f.note && <p className={s.flagNote}>{f.note}</p>}
                <div className={s.flagFoot}>
                  <span className="muted">
                    {f.author ?? "someone"} · {when(f.createdAt)}
                  </span>
                  {actions && (
                    <>
                      <button type="button" className={s.link} disabled={busy} onClick={() => setEditing(f.id)}>
                        Edit
                      </button>
                      <button type="button" className={s.link} disabled={busy} onClick={() => actions.resolveFlag(row, f, f.resolved)}>
                        {f.resolved ? "Reopen" : "Resolve"}
                      </button>
                    </>
                  )}
                </div>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

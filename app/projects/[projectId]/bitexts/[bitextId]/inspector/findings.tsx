"use client";
// Automatic check findings of the pair: message, check, severity, evidence, rule; dismiss.
import { useState } from "react";
import type { ReviewRow } from "@/lib/db/review/view";
import type { CheckInfo } from "../client-api";
import { isCheckFinding } from "../text";
import type { Actions } from "./types";
import s from "../review.module.css";

/** Automatic check findings: explained (message, check, severity, evidence, rule) and dismissable. */
export function Findings({
  row,
  busy,
  actions,
  checks,
  onHot,
}: {
  row: ReviewRow;
  busy: boolean;
  actions: Actions | null;
  checks: CheckInfo[];
  onHot: (flagId: number | null) => void;
}) {
  const [showDismissed, setShowDismissed] = useState(false);
  const all = row.flags.filter(isCheckFinding);
  if (!all.length) return null;
  const open = all.filter((f) => !f.resolved);
  const dismissed = all.length - open.length;
  const shown = showDismissed ? all : open;
  const info = new Map(checks.map((c) => [c.id, c]));
  const live = { en: row.en.filter((x) => !x.excluded), zh: row.zh.filter((x) => !x.excluded) };
  return (
    <section className={`${s.section} ${s.findings}`} aria-label="Automatic checks">
      <h3>
        Automatic checks <span className={s.count}>{open.length} open</span>
        {dismissed > 0 && (
          <label className={s.showDismissed}>
            <input type="checkbox" checked={showDismissed} onChange={(e) => setShowDismissed(e.target.checked)} /> show dismissed ({dismissed})
          </label>
        )}
      </h3>
      {shown.length === 0 ? (
        <p className="muted">No open findings: {dismissed} dismissed.</p>
      ) : (
        <ul className={s.findingList} onMouseLeave={() => onHot(null)}>
          {shown.map((f) => {
            const c = f.checkId ? info.get(f.checkId) : undefined;
            return (
              <li
                key={f.id}
                className={f.resolved ? s.resolved : undefined}
                data-finding-id={f.id}
                data-check-id={f.checkId ?? ""}
                onMouseEnter={() => onHot(f.id)}
              >
                <div className={s.findingHead}>
                  <span className={`${s.checkChip} ${s[`csev_${f.severity}`]}`}>⚙ {f.category}</span> <strong>{f.severity}</strong>{" "}
                  <code className={s.checkId}>{f.checkId ?? "check"}</code>
                  {f.resolved && <span className={s.tag}>dismissed{f.resolvedBy ? ` by ${f.resolvedBy}` : ""}</span>}
                </div>
                <p className={s.flagNote}>{f.note}</p>
                {f.evidence && f.evidence.length > 0 && (
                  <ul className={s.evidenceList} aria-label="Evidence">
                    {f.evidence.map((e, i) => {
                      const sen = live[e.side]?.[e.sentence];
                      const text = sen?.text ?? "";
                      const ok = !!sen && e.end <= text.length && text.slice(e.start, e.end) === e.text;
                      const from = Math.max(0, e.start - 40);
                      const to = Math.min(text.length, e.end + 40);
                      return (
                        <li key={i} lang={e.side === "zh" ? "zh-Hans" : "en"}>
                          <span className={s.evSide}>{e.side === "en" ? "EN" : "中"}</span>
                          {ok ? (
                            <>
                              {from > 0 ? "…" : ""}
                              {text.slice(from, e.start)}
                              <mark className={s.evidMark}>{text.slice(e.start, e.end)}</mark>
                              {text.slice(e.end, to)}
                              {to < text.length ? "…" : ""}
                            </>
                          ) : (
                            <mark className={s.evidMark}>{e.text}</mark>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                )}
                <div className={s.flagFoot}>
                  {c ? (
                    <details className={s.rule}>
                      <summary>Why?</summary>
                      <p>
                        <strong>Rule:</strong> {c.rule}
                      </p>
                      <p>
                        <strong>Severity:</strong> {c.severity}
                      </p>
                    </details>
                  ) : (
                    <span className="muted" />
                  )}
                  {actions && !f.resolved && (
                    <button type="button" className={s.link} disabled={busy} onClick={() => actions.dismissCheck(row, f)} aria-label={`Dismiss ${f.checkId ?? "finding"}`}>
                      Dismiss
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <p className={s.findingsNote}>Found by the automatic checks; never counted with editors&rsquo; flags. A dismissed finding stays dismissed when the checks run again.</p>
    </section>
  );
}

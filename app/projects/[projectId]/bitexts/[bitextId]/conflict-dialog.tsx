"use client";
// A correction collided with another editor's change of the same sentence: for each such
// sentence, the editor's draft, the other version and the difference between them, and a
// choice — keep mine (knowingly replacing theirs; recorded as such), take theirs (the draft of
// that sentence is dropped), or merge by hand (a field prefilled with the draft, saved on top of
// theirs). Nothing is lost until the editor chooses: "Not now" keeps the draft as it is.
import { useState, useRef } from "react";
import { useFocusTrap } from "./use-focus-trap";
import type { ReviewRow } from "@/lib/db/review/view";
import type { SentenceConflict } from "@/lib/review/schema";
import { Diff } from "./pair-row";
import { when } from "./text";
import type { Drafts } from "./use-drafts";
import s from "./review.module.css";

export type Choice = { kind: "mine" } | { kind: "theirs" } | { kind: "merge"; text: string };

const NAMES = { en: "English", zh: "Chinese" } as const;

export function ConflictDialog({
  row,
  conflicts,
  drafts,
  busy,
  onResolve,
  onCancel,
}: {
  row: ReviewRow;
  conflicts: SentenceConflict[];
  drafts: Drafts;
  busy: boolean;
  onResolve: (choices: Map<number, Choice>) => void;
  onCancel: () => void;
}) {
  const [choices, setChoices] = useState<Map<number, Choice>>(() => new Map());
  const box = useRef<HTMLDivElement>(null);
  useFocusTrap(box);
  const choose = (id: number, c: Choice) => setChoices((m) => new Map(m).set(id, c));
  const where = new Map<number, { lang: "en" | "zh"; number: number }>();
  for (const lang of ["en", "zh"] as const) row[lang].forEach((x, i) => where.set(x.id, { lang, number: i + 1 }));

  const ready = conflicts.every((c) => {
    const ch = choices.get(c.sentenceId);
    return !!ch && (ch.kind !== "merge" || (ch.text.trim() !== "" && !/[\r\n]/.test(ch.text)));
  });
  const allTheirs = conflicts.every((c) => choices.get(c.sentenceId)?.kind === "theirs");

  return (
    <div
      className={s.overlay}
      onKeyDown={(e) => {
        // the page's shortcuts stay out of the dialog
        e.stopPropagation();
        if (e.key === "Escape") {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <div ref={box} tabIndex={-1} className={s.conflictBox} role="dialog" aria-modal="true" aria-labelledby="conflict-title" aria-describedby="conflict-intro">
        <h2 id="conflict-title">
          {conflicts.length === 1 ? "Another editor changed this sentence" : `Another editor changed ${conflicts.length} of these sentences`} meanwhile
        </h2>
        <p id="conflict-intro" className="muted">
          Nothing was saved and your draft is kept. Choose, for each sentence, which text to keep.
        </p>
        {conflicts.map((c, i) => {
          const at = where.get(c.sentenceId);
          const d = drafts[String(c.sentenceId)];
          const lang = at?.lang ?? d?.lang ?? "en";
          const name = `${NAMES[lang]} sentence ${at?.number ?? d?.number ?? "?"}`;
          const mine = d?.text ?? c.base;
          const ch = choices.get(c.sentenceId);
          const zh = lang === "zh" ? s.zhText : undefined;
          const langAttr = lang === "zh" ? "zh-Hans" : "en";
          const radio = (kind: Choice["kind"], label: string, hint: string, first = false) => (
            <label className={s.choice}>
              <input
                type="radio"
                name={`conflict-${c.sentenceId}`}
                checked={ch?.kind === kind}
                autoFocus={first && i === 0}
                onChange={() => choose(c.sentenceId, kind === "merge" ? { kind, text: ch?.kind === "merge" ? ch.text : mine } : { kind })}
              />
              <span>
                {label} <span className="muted">{hint}</span>
              </span>
            </label>
          );
          return (
            <section key={c.sentenceId} className={s.conflictItem} aria-label={name} data-sentence-id={c.sentenceId}>
              <h3>
                {name}{" "}
                <span className="muted">
                  changed by {c.by ?? "someone"}
                  {c.at ? ` at ${when(c.at)}` : ""}
                </span>
              </h3>
              <div className={s.versions}>
                <div>
                  <h4>Your draft</h4>
                  <p className={zh} lang={langAttr} data-testid="conflict-mine">
                    {mine}
                  </p>
                </div>
                <div>
                  <h4>Their version</h4>
                  <p className={zh} lang={langAttr} data-testid="conflict-theirs">
                    {c.theirs}
                  </p>
                </div>
              </div>
              <div className={`${s.diffBox} ${zh ?? ""}`} lang={langAttr} aria-label={`Difference in ${name}`}>
                <span className={s.diffLegend}>theirs → yours</span> <Diff original={c.theirs} current={mine} lang={lang} />
              </div>
              <div role="radiogroup" aria-label={`Resolve ${name}`} className={s.choices}>
                {radio("mine", "Keep mine", "(replaces theirs)", true)}
                {radio("theirs", "Take theirs", "(drops your draft of it)")}
                {radio("merge", "Merge by hand", "(edit below)")}
              </div>
              {ch?.kind === "merge" && (
                <textarea
                  aria-label={`Merged ${name}`}
                  className={zh}
                  lang={langAttr}
                  value={ch.text}
                  autoFocus
                  rows={Math.min(6, Math.max(2, Math.ceil(ch.text.length / (lang === "zh" ? 30 : 60))))}
                  onChange={(e) => choose(c.sentenceId, { kind: "merge", text: e.target.value })}
                  onKeyDown={(e) => e.key === "Enter" && !e.ctrlKey && !e.metaKey && e.preventDefault()}
                />
              )}
            </section>
          );
        })}
        <div className={s.formButtons}>
          <button type="button" className={s.primary} disabled={!ready || busy} onClick={() => onResolve(choices)}>
            {allTheirs ? "Use their version" : "Save my choice"}
          </button>
          <button type="button" onClick={onCancel}>
            Not now
          </button>
          {!ready && <span className="muted">Choose for every sentence</span>}
        </div>
      </div>
    </div>
  );
}

"use client";
// The side panel for the focused pair: score parts, editors' flags (add/edit/resolve/reopen),
// automatic check findings apart (message, check, severity, evidence, rule; dismiss), text
// correction sentence by sentence (edit-form.tsx), alignment fixes (merge, split, move, unlink,
// link, sentence split/join), who else is on the pair and the pair's history.
import { useEffect, useRef, useState } from "react";
import type { ReviewFlag, ReviewRow, ReviewSentence } from "@/lib/db/review/view";
import type { HistoryEntry } from "@/lib/db/review";
import type { PresenceEntry, SentenceEdit } from "@/lib/review/schema";
import { api, type CheckInfo } from "./client-api";
import { MqmCategorySelect, SeveritySelect } from "./mqm-select"; // hook-in: MQM categories
import { SpanFlagsSection } from "./span-flag-form"; // hook-in: span flags
import { EditForm, sentenceName, type CorrectOutcome } from "./edit-form";
import { Diff } from "./pair-row";
import { InspectorPresence } from "./presence";
import { ScoreExplanation } from "./confidence-explanation";
import { band, isCheckFinding, isClutter, isGap, scoreParts, when } from "./text";
import { pairDrafts, strayDrafts, type DraftStore } from "./use-drafts";
import s from "./review.module.css";

export type Mode = null | "flag" | "edit" | "split";

export interface Actions {
  setStatus: (row: ReviewRow, status: "confirmed" | "automatic") => Promise<boolean>;
  addFlag: (row: ReviewRow, f: { category: string; severity: string; note: string }) => Promise<boolean>;
  updateFlag: (row: ReviewRow, flag: ReviewFlag, patch: { category: string; severity: string; note: string }) => Promise<boolean>;
  resolveFlag: (row: ReviewRow, flag: ReviewFlag, reopen: boolean) => Promise<boolean>;
  /** saves the edited sentences of one pair together (see edit-form.tsx) */
  correct: (row: ReviewRow, edits: SentenceEdit[], replaces: boolean) => Promise<CorrectOutcome>;
  /** one sentence, or every corrected sentence of a side, back to the original */
  revert: (row: ReviewRow, target: { lang?: "en" | "zh"; sentence?: ReviewSentence }) => Promise<boolean>;
  /** reads the pair again */
  refresh: (pairId: number) => Promise<void>;
  merge: (row: ReviewRow) => Promise<boolean>;
  split: (row: ReviewRow, en: number, zh: number) => Promise<boolean>;
  unlink: (row: ReviewRow) => Promise<boolean>;
  link: (row: ReviewRow, other: ReviewRow) => Promise<boolean>;
  move: (row: ReviewRow, sentence: ReviewSentence, direction: "previous" | "next") => Promise<boolean>;
  splitSentence: (row: ReviewRow, sentence: ReviewSentence, offset: number) => Promise<boolean>;
  setExcluded: (row: ReviewRow, sentence: ReviewSentence, excluded: boolean) => Promise<boolean>;
  join: (row: ReviewRow, a: ReviewSentence, b: ReviewSentence, otherRow: ReviewRow | null) => Promise<boolean>;
  dismissCheck: (row: ReviewRow, finding: ReviewFlag) => Promise<boolean>;
}

interface Props {
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
  /** unsaved corrections in this browser */
  store: DraftStore;
  userId: number;
  userName: string;
  /** the other people who have this pair open */
  others: PresenceEntry[] | undefined;
  checks: CheckInfo[];
  onHotFinding: (flagId: number | null) => void;
}

export function Inspector(props: Props) {
  const { row, number, prev, next, hasPrev, hasNext, mode, setMode, busy, actions, store, userId, userName, others, checks, onHotFinding } = props;
  if (!row) {
    return (
      <aside className={s.inspector} aria-label="Selected pair">
        <p className="muted">{number > 0 ? "Loading…" : "Select a pair (click it, or j / k)."}</p>
      </aside>
    );
  }
  const sidesBoth = row.en.length > 0 && row.zh.length > 0;
  const oneSided = row.en.length === 0 ? "zh" : row.zh.length === 0 ? "en" : null;
  const linkable = (o: ReviewRow | undefined) =>
    !!o && !!oneSided && (oneSided === "en" ? o.en.length === 0 && o.zh.length > 0 : o.zh.length === 0 && o.en.length > 0);
  return (
    <aside className={s.inspector} aria-label="Selected pair">
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

      {actions && (
        <div className={s.actions}>
          {row.status === "confirmed" ? (
            <button type="button" disabled={busy} onClick={() => actions.setStatus(row, "automatic")}>
              Unconfirm
            </button>
          ) : (
            <button type="button" className={s.primary} disabled={busy} onClick={() => actions.setStatus(row, "confirmed")}>
              Confirm <kbd>c</kbd>
            </button>
          )}
          <button type="button" disabled={busy} onClick={() => setMode(mode === "flag" ? null : "flag")} aria-pressed={mode === "flag"}>
            Flag <kbd>f</kbd>
          </button>
          <button type="button" disabled={busy} onClick={() => setMode(mode === "edit" ? null : "edit")} aria-pressed={mode === "edit"}>
            Edit text <kbd>e</kbd>
          </button>
          <button type="button" disabled={busy || !hasNext} onClick={() => actions.merge(row)}>
            Merge with next <kbd>m</kbd>
          </button>
          <button
            type="button"
            disabled={busy || row.en.length + row.zh.length < 2}
            onClick={() => setMode(mode === "split" ? null : "split")}
            aria-pressed={mode === "split"}
          >
            Split <kbd>s</kbd>
          </button>
          {sidesBoth && (
            <button type="button" disabled={busy} onClick={() => actions.unlink(row)} title="Make the English and the Chinese side two gaps">
              Unlink
            </button>
          )}
          {linkable(prev) && (
            <button type="button" disabled={busy} onClick={() => actions.link(row, prev!)}>
              Link with previous gap
            </button>
          )}
          {linkable(next) && (
            <button type="button" disabled={busy} onClick={() => actions.link(row, next!)}>
              Link with next gap
            </button>
          )}
        </div>
      )}

      {actions && mode === "flag" && <FlagForm busy={busy} onCancel={() => setMode(null)} onSubmit={(f) => actions.addFlag(row, f)} />}
      {actions && mode === "edit" && (
        <EditForm
          row={row}
          store={store}
          busy={busy}
          userName={userName}
          others={others ?? []}
          correct={actions.correct}
          refresh={actions.refresh}
          onClose={() => setMode(null)}
        />
      )}
      {actions && mode !== "edit" && (pairDrafts(row, store.drafts).length > 0 || strayDrafts(row, store.drafts).length > 0) && (
        <div className={s.draftBanner} role="note" data-testid="draft-banner">
          <span>You have an unsaved correction of this pair, kept in this browser.</span>
          <button type="button" className={s.primary} onClick={() => setMode("edit")}>
            Continue editing <kbd>e</kbd>
          </button>
        </div>
      )}
      {actions && mode === "split" && <SplitForm row={row} busy={busy} onCancel={() => setMode(null)} onSubmit={(en, zh) => actions.split(row, en, zh)} />}

      <Flags row={row} busy={busy} actions={actions} />
      {/* hook-in: span flags (issue 14 item 5): listed, and flagged from a text selection */}
      <SpanFlagsSection row={row} busy={busy} canEdit={!!actions} onSubmit={(f) => actions!.addFlag(row, f as never)} />
      <Findings row={row} busy={busy} actions={actions} checks={checks} onHot={onHotFinding} />
      <Corrections row={row} busy={busy} actions={actions} />
      <ScoreExplanation row={row} />
      <Parts row={row} />
      <Sentences row={row} prev={prev} next={next} hasPrev={hasPrev} hasNext={hasNext} busy={busy} actions={actions} />
      <History row={row} />
    </aside>
  );
}

// ---------------------------------------------------------------------------

function FlagForm({
  busy,
  onCancel,
  onSubmit,
  initial,
  submitLabel = "Add flag",
}: {
  busy: boolean;
  onCancel: () => void;
  onSubmit: (f: { category: string; severity: string; note: string }) => Promise<boolean>;
  initial?: { category: string; severity: string; note: string };
  submitLabel?: string;
}) {
  // hook-in: no silent default (issue 14 item 5): category and severity must be chosen
  const [category, setCategory] = useState(initial?.category ?? "");
  const [severity, setSeverity] = useState(initial?.severity ?? "");
  const [note, setNote] = useState(initial?.note ?? "");
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);
  const submit = async () => {
    if (!category || !severity) return; // hook-in: no silent default
    if (await onSubmit({ category, severity, note })) onCancel();
  };
  return (
    <form
      className={s.form}
      aria-label={submitLabel}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") onCancel();
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void submit();
      }}
    >
      <div className={s.formRow}>
        <label>
          Category
          <MqmCategorySelect ref={first} value={category} onChange={setCategory} /> {/* hook-in: MQM core categories */}
        </label>
        <label>
          Severity
          <SeveritySelect value={severity} onChange={setSeverity} /> {/* hook-in: neutral..critical, no default */}
        </label>
      </div>
      <label>
        Note
        <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={5000} placeholder="What is wrong (optional)" />
      </label>
      <div className={s.formButtons}>
        <button type="submit" className={s.primary} disabled={busy}>
          {submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <span className="muted">Ctrl+Enter saves, Esc cancels</span>
      </div>
    </form>
  );
}

function Flags({ row, busy, actions }: { row: ReviewRow; busy: boolean; actions: Actions | null }) {
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

/** Automatic check findings: explained (message, check, severity, evidence, rule) and dismissable. */
function Findings({
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

/** Each corrected sentence: a diff of original vs corrected, and a revert of that sentence. */
function Corrections({ row, busy, actions }: { row: ReviewRow; busy: boolean; actions: Actions | null }) {
  const list = (["en", "zh"] as const).flatMap((lang) =>
    row[lang].map((sentence, i) => ({ lang, sentence, name: sentenceName(lang, i + 1) })).filter((x) => x.sentence.corrected),
  );
  if (!list.length) return null;
  return (
    <section className={s.section} aria-label="Corrections">
      <h3>Corrections</h3>
      {list.map(({ lang, sentence, name }) => (
        <div key={sentence.id} className={s.correction} data-sentence-id={sentence.id}>
          <div className={s.correctionHead}>
            <span className="muted">{name}</span>
            {actions && (
              <button type="button" className={s.link} disabled={busy} onClick={() => actions.revert(row, { sentence })} aria-label={`Revert ${name} to the original`}>
                Revert to the original
              </button>
            )}
          </div>
          <div className={`${s.diffBox} ${lang === "zh" ? s.zhText : ""}`} lang={lang === "zh" ? "zh-Hans" : "en"}>
            <Diff original={sentence.original} current={sentence.text} lang={lang} />
          </div>
        </div>
      ))}
    </section>
  );
}

function SplitForm({
  row,
  busy,
  onCancel,
  onSubmit,
}: {
  row: ReviewRow;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (en: number, zh: number) => Promise<boolean>;
}) {
  const N = row.en.length;
  const M = row.zh.length;
  const [en, setEn] = useState(() => (N > 1 ? Math.ceil(N / 2) : N));
  const [zh, setZh] = useState(() => {
    const z = M > 1 ? Math.ceil(M / 2) : M;
    return (N > 1 ? Math.ceil(N / 2) : N) + z === N + M ? Math.max(0, z - 1) : z;
  });
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);
  const valid = en + zh > 0 && en + zh < N + M;
  const submit = async () => {
    if (valid && (await onSubmit(en, zh))) onCancel();
  };
  const chooser = (lang: "en" | "zh", value: number, set: (n: number) => void, list: ReviewSentence[]) => (
    <label>
      {lang === "en" ? "English" : "Chinese"} sentences kept here
      <select ref={lang === "en" ? first : undefined} value={value} onChange={(e) => set(Number(e.target.value))}>
        {Array.from({ length: list.length + 1 }, (_, i) => (
          <option key={i} value={i}>
            {i} of {list.length}
          </option>
        ))}
      </select>
    </label>
  );
  const preview = (list: ReviewSentence[], keep: number, lang: "en" | "zh") =>
    list.map((x, i) => (
      <li key={x.id} className={i < keep ? s.keep : s.moveOut} lang={lang === "zh" ? "zh-Hans" : "en"}>
        {i === keep && <span className={s.cut}>✂ new pair</span>}
        {x.text.length > 90 ? `${x.text.slice(0, 90)}…` : x.text}
      </li>
    ));
  return (
    <form
      className={s.form}
      aria-label="Split the pair"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onKeyDown={(e) => e.key === "Escape" && onCancel()}
    >
      <div className={s.formRow}>
        {chooser("en", en, setEn, row.en)}
        {chooser("zh", zh, setZh, row.zh)}
      </div>
      <ol className={s.splitPreview}>{preview(row.en, en, "en")}</ol>
      <ol className={s.splitPreview}>{preview(row.zh, zh, "zh")}</ol>
      <div className={s.formButtons}>
        <button type="submit" className={s.primary} disabled={busy || !valid}>
          Split pair
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        {!valid && <span className="error">Both parts need at least one sentence</span>}
      </div>
    </form>
  );
}

function Parts({ row }: { row: ReviewRow }) {
  const p = scoreParts(row);
  if (!p) {
    return (
      <section className={s.section} aria-label="Score">
        <h3>Score</h3>
        <p className="muted">
          {isClutter(row)
            ? "Excluded (web clutter such as bylines or share buttons): kept visible, never aligned or scored."
            : isGap(row)
              ? "A gap: this sentence has no counterpart on the other side."
              : "Not scored."}
        </p>
      </section>
    );
  }
  const bar = (label: string, v: number | null, detail: string) => (
    <div className={s.part}>
      <span>{label}</span>
      <span className={s.partBar}>
        <span style={{ width: `${Math.round((v ?? 0) * 100)}%` }} className={s[band(v === null ? null : v * 100)]} />
      </span>
      <span className={s.partVal}>{detail}</span>
    </div>
  );
  const kinds = new Map<string, number>();
  for (const m of p.pairs ?? []) kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
  return (
    <section className={s.section} aria-label="Score parts">
      <h3>
        Score <span className={`${s.score} ${s[band(row.score)]}`}>{row.score === null ? "gap" : Math.round(row.score)}</span>
      </h3>
      {bar("中 → EN coverage", p.coverageZhEn, `${Math.round(p.coverageZhEn * 100)}%`)}
      {bar("EN → 中 coverage", p.coverageEnZh, `${Math.round(p.coverageEnZh * 100)}%`)}
      {bar("Numbers", p.numbers.score, p.numbers.total ? `${p.numbers.matched}/${p.numbers.total}` : "none")}
      {bar("Names", p.names.score, p.names.total ? `${p.names.matched}/${p.names.total}` : "none")}
      {bar("Length", p.length.score, `ratio ${p.length.ratio.toFixed(2)} (expected ${p.length.expected.toFixed(2)})`)}
      <p className={s.legend}>
        Matched:{" "}
        {[...kinds].map(([k, n]) => (
          <mark key={k} className={`${s.m} ${s[`k_${k}`] ?? ""} ${s.hot}`}>
            {n} {k === "lexicon" || k === "learned" ? "words" : k === "number" ? "numbers" : k === "name" ? "names" : k}
          </mark>
        ))}
        {!kinds.size && <span className="muted">nothing</span>}
        <span className="muted"> — hover a row to see them</span>
      </p>
    </section>
  );
}

function Sentences({
  row,
  prev,
  next,
  hasPrev,
  hasNext,
  busy,
  actions,
}: {
  row: ReviewRow;
  prev: ReviewRow | undefined;
  next: ReviewRow | undefined;
  hasPrev: boolean;
  hasNext: boolean;
  busy: boolean;
  actions: Actions | null;
}) {
  const [splitting, setSplitting] = useState<number | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const list = (lang: "en" | "zh") => {
    const side = row[lang];
    return side.map((sen, i) => {
      const first = i === 0;
      const last = i === side.length - 1;
      const nextInPair = side[i + 1];
      const nextSide = next?.[lang] ?? [];
      const joinTarget: { b: ReviewSentence; other: ReviewRow | null } | null =
        nextInPair && nextInPair.position === sen.position + 1
          ? { b: nextInPair, other: null }
          : last && next && nextSide[0] && nextSide[0].position === sen.position + 1
            ? { b: nextSide[0], other: next }
            : null;
      return (
        <li key={sen.id} lang={lang === "zh" ? "zh-Hans" : "en"} data-sentence-id={sen.id}>
          <div className={s.sentText}>
            <span className={s.sid}>{sen.position + 1}</span>
            {sen.text.length > 120 ? `${sen.text.slice(0, 120)}…` : sen.text}
          </div>
          {!actions ? null : splitting === sen.id ? (
            <div className={s.sentSplit}>
              <textarea ref={area} readOnly defaultValue={sen.original} rows={3} aria-label="Place the cursor where the sentence splits" />
              <div className={s.formButtons}>
                <button
                  type="button"
                  className={s.primary}
                  disabled={busy}
                  onClick={async () => {
                    const offset = area.current?.selectionStart ?? 0;
                    if (await actions.splitSentence(row, sen, offset)) setSplitting(null);
                  }}
                >
                  Split at cursor
                </button>
                <button type="button" onClick={() => setSplitting(null)}>
                  Cancel
                </button>
              </div>
            </div>
          ) : (
            <div className={s.sentButtons}>
              {first && hasPrev && (
                <button type="button" className={s.link} disabled={busy} onClick={() => actions.move(row, sen, "previous")} title="Move to the previous pair">
                  ↑ to previous pair
                </button>
              )}
              {last && hasNext && (
                <button type="button" className={s.link} disabled={busy} onClick={() => actions.move(row, sen, "next")} title="Move to the next pair">
                  ↓ to next pair
                </button>
              )}
              {!sen.corrected && sen.original.length > 1 && (
                <button type="button" className={s.link} disabled={busy} onClick={() => setSplitting(sen.id)}>
                  Split sentence…
                </button>
              )}
              <button
                type="button"
                className={s.link}
                disabled={busy}
                onClick={() => actions.setExcluded(row, sen, !sen.excluded)}
                title={sen.excluded ? `Excluded as ${sen.excludedReason ?? "web clutter"}: restore it as text to align` : "Mark as web clutter (kept, never aligned)"}
              >
                {sen.excluded ? "Restore sentence" : "Exclude"}
              </button>
              {joinTarget && (
                <button
                  type="button"
                  className={s.link}
                  disabled={busy}
                  onClick={() => actions.join(row, sen, joinTarget.b, joinTarget.other)}
                  title={joinTarget.other ? "Join with the first sentence of the next pair" : "Join with the next sentence"}
                >
                  Join with next sentence
                </button>
              )}
            </div>
          )}
        </li>
      );
    });
  };
  void prev;
  return (
    <section className={s.section} aria-label="Sentences">
      <h3>Sentences</h3>
      {row.en.length > 0 && <ol className={s.sentList}>{list("en")}</ol>}
      {row.zh.length > 0 && <ol className={`${s.sentList} ${s.zhText}`}>{list("zh")}</ol>}
    </section>
  );
}

const ACTION_LABEL: Record<string, string> = {
  status: "changed the status",
  "flag.add": "flagged",
  "flag.update": "edited a flag",
  "flag.resolve": "resolved a flag",
  "flag.reopen": "reopened a flag",
  correct: "corrected the text",
  "correct.revert": "reverted a correction",
  merge: "merged with the next pair",
  split: "split the pair",
  move: "moved a sentence",
  unlink: "unlinked",
  link: "linked two gaps",
  "sentence.split": "split a sentence",
  "sentence.join": "joined sentences",
  "sentence.exclude": "excluded a sentence",
  "sentence.restore": "restored an excluded sentence",
  undo: "undid a change",
  realign: "re-aligned",
};

function describe(h: Omit<HistoryEntry, "createdAt"> & { createdAt: string | Date }): string {
  const m = h.meta ?? {};
  const base = ACTION_LABEL[h.action] ?? h.action;
  if (h.action === "status" && m.to) return `set the status to ${String(m.to)}`;
  if (h.action === "flag.add" && m.category) return `flagged ${String(m.category)} (${String(m.severity)})`;
  if (h.action === "correct" && m.lang) return `corrected the ${m.lang === "en" ? "English" : "Chinese"} text`;
  if (h.action === "correct" && Array.isArray(m.sentences)) {
    const n = m.sentences.length;
    return `corrected ${n === 1 ? "a sentence" : `${n} sentences`}${m.replaces ? ", replacing another editor's text" : ""}`;
  }
  if (h.action === "undo" && m.action) return `undid “${ACTION_LABEL[String(m.action)] ?? String(m.action)}”`;
  return base;
}

function History({ row }: { row: ReviewRow }) {
  const [open, setOpen] = useState(false);
  const [entries, setEntries] = useState<(Omit<HistoryEntry, "createdAt"> & { createdAt: string })[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    let live = true;
    api<{ history: (Omit<HistoryEntry, "createdAt"> & { createdAt: string })[] }>(`/api/pairs/${row.id}`)
      .then((d) => live && (setEntries(d.history), setError(null)))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [open, row.id, row.version, row.flags]);
  return (
    <details className={s.section} open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>
        <h3>History</h3>
      </summary>
      {error && <p className="error">{error}</p>}
      {open && !entries && !error && <p className="muted">Loading…</p>}
      {entries && !entries.length && <p className="muted">No changes yet.</p>}
      {entries && entries.length > 0 && (
        <ol className={s.history}>
          {entries.map((h) => (
            <li key={h.id}>
              <span className={s.histWhen}>{when(h.createdAt)}</span> <strong>{h.actor?.name ?? "someone"}</strong> {describe(h)}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}

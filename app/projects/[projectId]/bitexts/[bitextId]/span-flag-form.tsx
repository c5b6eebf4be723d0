"use client";
// Flag a span of one sentence with an MQM category and severity (both must be chosen). The span
// comes from the mouse selection in the pair's row or inspector ("Use selection", or selected
// before opening), or from the keyboard: pick the sentence, then move the start and end with the
// number fields (arrow keys), the quoted text shown as it changes.
import { useEffect, useMemo, useState } from "react";
import type { ReviewRow } from "@/lib/db/review/view";
import { spanProblem } from "@/lib/review/spans";
import { MqmCategorySelect, SeveritySelect } from "./mqm-select";
import { selectionInSentence, type SelectedSpan } from "./span-highlight";
import s from "./review-ops.module.css";

export interface SpanFlagFields {
  category: string;
  severity: string;
  note: string;
  span: { side: "en" | "zh"; sentenceId: number; start: number; end: number; text: string };
}

export function SpanFlagForm({ row, busy, onSubmit, onCancel }: { row: ReviewRow; busy: boolean; onSubmit: (f: SpanFlagFields) => Promise<boolean>; onCancel: () => void }) {
  const sentences = useMemo(() => [...row.en.map((x) => ({ ...x, side: "en" as const })), ...row.zh.map((x) => ({ ...x, side: "zh" as const }))].filter((x) => !x.excluded), [row]);
  const textOf = (id: number) => sentences.find((x) => x.id === id)?.text;
  const [sel, setSel] = useState<SelectedSpan | null>(null);
  const [sentenceId, setSentenceId] = useState<number>(sentences[0]?.id ?? 0);
  const [start, setStart] = useState(0);
  const [end, setEnd] = useState(0);
  const [category, setCategory] = useState("");
  const [severity, setSeverity] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);

  const useSelection = () => {
    const got = selectionInSentence(textOf);
    if (!got) return setError("Select some text of one sentence of this pair first (with the mouse, or shift+arrows)");
    setSel(got);
    setSentenceId(got.sentenceId);
    setStart(got.start);
    setEnd(got.end);
    setError(null);
  };
  // a selection made before the form opened is taken at once
  useEffect(() => {
    const got = selectionInSentence(textOf);
    if (got) {
      setSel(got);
      setSentenceId(got.sentenceId);
      setStart(got.start);
      setEnd(got.end);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const sentence = sentences.find((x) => x.id === sentenceId);
  const text = sentence?.text ?? "";
  const problem = sentence ? spanProblem(text, { start, end }) : "choose a sentence";
  const submit = async () => {
    if (!sentence || problem) return setError(problem ?? "choose a sentence");
    if (!category || !severity) return setError("Choose an MQM category and a severity");
    const ok = await onSubmit({ category, severity, note, span: { side: sentence.side, sentenceId, start, end, text: text.slice(start, end) } });
    if (ok) onCancel();
  };
  return (
    <form
      className={s.panel}
      aria-label="Flag a span"
      data-testid="span-flag-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onKeyDown={(e) => e.key === "Escape" && onCancel()}
    >
      <div className={s.row}>
        <button type="button" onClick={useSelection} onMouseDown={(e) => e.preventDefault()}>
          Use selection
        </button>
        <label>
          Sentence{" "}
          <select value={sentenceId} onChange={(e) => (setSentenceId(Number(e.target.value)), setStart(0), setEnd(0), setSel(null))} aria-label="Sentence">
            {sentences.map((x, i) => (
              <option key={x.id} value={x.id}>
                {x.side === "en" ? "English" : "中文"} {i + 1 - (x.side === "zh" ? row.en.filter((e) => !e.excluded).length : 0)}: {x.text.slice(0, 30)}
              </option>
            ))}
          </select>
        </label>
        <label>
          from <input type="number" min={0} max={text.length} value={start} onChange={(e) => setStart(Number(e.target.value))} aria-label="Span start" style={{ width: "5em" }} />
        </label>
        <label>
          to <input type="number" min={0} max={text.length} value={end} onChange={(e) => setEnd(Number(e.target.value))} aria-label="Span end" style={{ width: "5em" }} />
        </label>
      </div>
      <p data-testid="span-quote">
        {problem ? (
          <span className="muted">{sel ? "" : "No span yet: "}{problem}</span>
        ) : (
          <>
            {text.slice(Math.max(0, start - 20), start)}
            <mark className={s.quote}>{text.slice(start, end)}</mark>
            {text.slice(end, end + 20)}
          </>
        )}
      </p>
      <div className={s.row}>
        <label>
          Category <MqmCategorySelect value={category} onChange={setCategory} />
        </label>
        <label>
          Severity <SeveritySelect value={severity} onChange={setSeverity} />
        </label>
      </div>
      <label>
        Note <textarea rows={2} maxLength={5000} value={note} onChange={(e) => setNote(e.target.value)} placeholder="What is wrong (optional)" />
      </label>
      {error && (
        <p className={s.error} role="alert">
          {error}
        </p>
      )}
      <div className={s.buttons}>
        <button type="submit" disabled={busy || !!problem || !category || !severity}>
          Flag span
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The inspector section: a "Flag a span" toggle with its form, and the pair's span flags. */
export function SpanFlagsSection({ row, busy, canEdit, onSubmit }: { row: ReviewRow; busy: boolean; canEdit: boolean; onSubmit: (f: SpanFlagFields) => Promise<boolean> }) {
  const [open, setOpen] = useState(false);
  const flags = row.flags.filter((f) => f.span && f.source !== "check");
  return (
    <section aria-label="Spans flagged" data-testid="span-flags">
      <h3>
        Span flags {flags.length > 0 && <span className="muted">({flags.length})</span>}
        {canEdit && (
          <button type="button" style={{ marginLeft: "0.5rem" }} onMouseDown={(e) => e.preventDefault()} onClick={() => setOpen((o) => !o)} aria-pressed={open}>
            Flag a span
          </button>
        )}
      </h3>
      {open && <SpanFlagForm row={row} busy={busy} onSubmit={onSubmit} onCancel={() => setOpen(false)} />}
      {flags.length === 0 ? (
        <p className="muted">No span flagged. Select text in a sentence, then “Flag a span”.</p>
      ) : (
        <ul className={s.list}>
          {flags.map((f) => (
            <li key={f.id} data-flag-id={f.id} className={f.span!.detached ? s.detached : undefined}>
              <strong>{f.category}</strong> ({f.severity}){f.resolved ? ", resolved" : ""} · {f.span!.side === "en" ? "English" : "中文"} {f.span!.start}–{f.span!.end}:{" "}
              <q lang={f.span!.side === "zh" ? "zh-Hans" : "en"}>{f.span!.text}</q>
              {f.span!.detached && " — detached: a correction changed this text"}
              {f.note && <span className="muted"> — {f.note}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

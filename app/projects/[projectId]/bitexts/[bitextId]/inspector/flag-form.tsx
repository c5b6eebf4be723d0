"use client";
// The form that adds or edits an editor's flag on the whole pair: an MQM category and a severity
// must both be chosen (no silent default), a note is optional.
import { useEffect, useRef, useState } from "react";
import { MqmCategorySelect, SeveritySelect } from "../mqm-select";
import s from "../review.module.css";

export function FlagForm({
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
  const [category, setCategory] = useState(initial?.category ?? "");
  const [severity, setSeverity] = useState(initial?.severity ?? "");
  const [missing, setMissing] = useState(false);
  const [note, setNote] = useState(initial?.note ?? "");
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);
  const submit = async () => {
    if (!category || !severity) return setMissing(true);
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
          <MqmCategorySelect ref={first} value={category} onChange={setCategory} />
        </label>
        <label>
          Severity
          <SeveritySelect value={severity} onChange={setSeverity} />
        </label>
      </div>
      {missing && (!category || !severity) && (
        <p className="form-error" role="alert">
          Choose an MQM category and a severity
        </p>
      )}
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

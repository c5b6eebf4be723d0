"use client";
// The form that adds or edits an editor's flag on the whole pair.
import { useEffect, useRef, useState } from "react";
import { FLAG_CATEGORIES, FLAG_SEVERITIES } from "../client-api";
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
  const [category, setCategory] = useState(initial?.category ?? "mistranslation");
  const [severity, setSeverity] = useState(initial?.severity ?? "major");
  const [note, setNote] = useState(initial?.note ?? "");
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);
  const submit = async () => {
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
          <select ref={first} value={category} onChange={(e) => setCategory(e.target.value)}>
            {FLAG_CATEGORIES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          Severity
          <select value={severity} onChange={(e) => setSeverity(e.target.value)}>
            {FLAG_SEVERITIES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
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

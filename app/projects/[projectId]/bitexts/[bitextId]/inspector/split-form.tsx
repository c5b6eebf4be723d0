"use client";
// The form that splits the pair in two at chosen sentence boundaries.
import { useEffect, useRef, useState } from "react";
import type { ReviewRow, ReviewSentence } from "@/lib/db/review/view";
import s from "../review.module.css";

export function SplitForm({
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

"use client";
// Find-and-replace over corrections: the search as the page has it (text and options), a
// replacement ($1 with regular expressions), a preview of every sentence it changes (a diff),
// then apply: stored as corrections, one change, one undo.
import { useState } from "react";
import type { ReplacePreview, ReplaceResult } from "@/lib/db/review/replace";
import { api } from "./client-api";
import type { SearchOptionsValue } from "./search-options";
import s from "./review-ops.module.css";

export function ReplaceDialog({ bitextId, q, options, onClose, onDone }: { bitextId: number; q: string; options: SearchOptionsValue; onClose: () => void; onDone: (r: ReplaceResult) => void }) {
  const [find, setFind] = useState(q);
  const [replacement, setReplacement] = useState("");
  const [preview, setPreview] = useState<ReplacePreview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const spec = { q: find, caseSensitive: options.qCase, wholeWord: options.qWord, regex: options.qRegex, lang: (options.qLang || "both") as "both" | "en" | "zh" };
  const call = async <T,>(path: string, extra: object = {}) => {
    setBusy(true);
    setError(null);
    try {
      return await api<T>(`/api/bitexts/${bitextId}/${path}`, { method: "POST", body: JSON.stringify({ find: spec, replacement, ...extra }) });
    } catch (e) {
      setError((e as Error).message);
      return null;
    } finally {
      setBusy(false);
    }
  };
  const apply = async () => {
    if (!preview) return;
    const r = await call<ReplaceResult>("replace", { sentences: preview.items.map((i) => ({ sentenceId: i.sentenceId, base: i.before })) });
    if (r) onDone(r);
  };
  return (
    <div className={s.overlay} role="dialog" aria-modal="true" aria-label="Find and replace" onKeyDown={(e) => e.key === "Escape" && onClose()}>
      <form className={s.dialog} data-testid="replace-dialog" onSubmit={async (e) => (e.preventDefault(), setPreview(await call<ReplacePreview>("replace/preview")))}>
        <h2>Find and replace (as corrections)</h2>
        <div className={s.row}>
          <label>
            Find <input value={find} onChange={(e) => (setFind(e.target.value), setPreview(null))} aria-label="Find" autoFocus />
          </label>
          <label>
            Replace with <input value={replacement} onChange={(e) => (setReplacement(e.target.value), setPreview(null))} aria-label="Replace with" placeholder={options.qRegex ? "$1 for a group" : ""} />
          </label>
          <span className="muted">
            {options.qCase ? "match case · " : ""}
            {options.qWord ? "whole words · " : ""}
            {options.qRegex ? "regex · " : ""}
            {options.qLang === "en" ? "English" : options.qLang === "zh" ? "中文" : "both languages"}
          </span>
        </div>
        <div className={s.buttons}>
          <button type="submit" disabled={busy || !find}>
            Preview
          </button>
        </div>
        {preview && (
          <>
            <p data-testid="replace-count">
              <strong>{preview.sentences}</strong> sentences in {preview.pairs} pairs would change
              {preview.refused.length ? ` (${preview.refused.length} left alone: ${preview.refused[0].reason})` : ""}.
            </p>
            <ul className={`${s.sample} ${s.diffList}`} aria-label="Sentences that would change">
              {preview.items.slice(0, 200).map((i) => (
                <li key={i.sentenceId} data-sentence-id={i.sentenceId}>
                  <span>#{i.number}</span>
                  <span lang={i.lang === "zh" ? "zh-Hans" : "en"}>
                    {i.diff.map((c, k) =>
                      c.added ? (
                        <ins key={k} className={s.ins}>
                          {c.value}
                        </ins>
                      ) : c.removed ? (
                        <del key={k} className={s.del}>
                          {c.value}
                        </del>
                      ) : (
                        <span key={k}>{c.value}</span>
                      ),
                    )}
                  </span>
                </li>
              ))}
            </ul>
            <div className={s.buttons}>
              <button type="button" disabled={busy || !preview.sentences} onClick={() => void apply()}>
                Replace in {preview.sentences} sentences
              </button>
              <button type="button" onClick={onClose}>
                Cancel
              </button>
            </div>
          </>
        )}
        {!preview && (
          <div className={s.buttons}>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        )}
        {error && (
          <p className={s.error} role="alert">
            {error}
          </p>
        )}
      </form>
    </div>
  );
}

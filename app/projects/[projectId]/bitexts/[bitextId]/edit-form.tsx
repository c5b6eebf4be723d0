"use client";
// Correcting a pair's text, sentence by sentence: one field per sentence (labelled with its
// language and number), each with a diff against the sentence's original. Sentence boundaries
// never change here (splitting and joining are their own actions). What is typed is a draft kept
// in this browser (use-drafts.ts) until it is saved or discarded; one save sends every changed
// sentence of the pair with the text it started from. When another editor changed the same
// sentence meanwhile, the conflict dialog shows both versions and lets the editor choose.
import { useEffect, useRef, useState } from "react";
import type { ReviewRow, ReviewSentence } from "@/lib/db/review/view";
import type { PresenceEntry, SentenceConflict, SentenceEdit } from "@/lib/review/schema";
import { ConflictDialog, type Choice } from "./conflict-dialog";
import { Diff } from "./pair-row";
import { when } from "./text";
import { draftEdits, pairDrafts, strayDrafts, type DraftStore } from "./use-drafts";
import s from "./review.module.css";
import { pluralNoun } from "@/lib/text/plural";

export type CorrectOutcome = { ok: true } | { ok: false; error: string; conflict?: SentenceConflict[] };

export const LANG_NAME = { en: "English", zh: "Chinese" } as const;
/** "English sentence 2": its number in the pair's side, as the server's messages name it */
export const sentenceName = (lang: "en" | "zh", number: number) => `${LANG_NAME[lang]} sentence ${number}`;

interface Props {
  row: ReviewRow;
  store: DraftStore;
  busy: boolean;
  userName: string;
  /** other people who have this pair open or are editing it */
  others: PresenceEntry[];
  correct: (row: ReviewRow, edits: SentenceEdit[], replaces: boolean) => Promise<CorrectOutcome>;
  /** reads the pair again (after taking the other version) */
  refresh: (pairId: number) => Promise<void>;
  onClose: () => void;
}

export function EditForm({ row, store, busy, userName, others, correct, refresh, onClose }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<SentenceConflict[] | null>(null);
  const startVersion = useRef(row.version);
  const first = useRef<HTMLTextAreaElement>(null);
  useEffect(() => first.current?.focus(), []);

  const { drafts } = store;
  const mine = pairDrafts(row, drafts);
  const stray = strayDrafts(row, drafts);
  const editors = others.filter((o) => o.editing);
  const changedMeanwhile = row.version !== startVersion.current && !!row.updatedBy && row.updatedBy !== userName;

  const save = async (edits: SentenceEdit[], replaces: boolean) => {
    setError(null);
    if (!edits.length) {
      onClose();
      return;
    }
    const r = await correct(row, edits, replaces);
    if (r.ok) {
      // forget what was saved (unless it was typed over during the save)
      store.drop(
        edits.map((e) => e.sentenceId),
        new Map(edits.map((e) => [e.sentenceId, e.text])),
      );
      onClose();
    } else if (r.conflict?.length) {
      setConflict(r.conflict);
      void refresh(row.id);
    } else {
      setError(r.error);
    }
  };
  const submit = () => {
    const { edits, replaces } = draftEdits(row, drafts);
    void save(edits, replaces);
  };

  /** the editor's choice for each sentence in conflict; the other drafted sentences go as they are */
  const resolve = async (choices: Map<number, Choice>) => {
    const edits: SentenceEdit[] = [];
    const taken: number[] = [];
    let replaces = false;
    for (const { sentence, draft } of mine) {
      const c = conflict?.find((x) => x.sentenceId === sentence.id);
      const choice = c ? choices.get(sentence.id) : undefined;
      if (!c || !choice) {
        if (draft.text !== draft.base) edits.push({ sentenceId: sentence.id, text: draft.text, base: draft.base });
        replaces ||= !!draft.replaces;
        continue;
      }
      if (choice.kind === "theirs") {
        taken.push(sentence.id);
        continue;
      }
      const text = choice.kind === "merge" ? choice.text : draft.text;
      store.rebase(sentence.id, c.theirs, text, choice.kind === "mine");
      if (text !== c.theirs) {
        edits.push({ sentenceId: sentence.id, text, base: c.theirs });
        replaces ||= choice.kind === "mine";
      }
    }
    setConflict(null);
    if (taken.length) {
      store.drop(taken);
      await refresh(row.id);
    }
    await save(edits, replaces);
  };

  const field = (lang: "en" | "zh", sen: ReviewSentence, i: number) => {
    const d = drafts[String(sen.id)];
    const value = d?.text ?? sen.text;
    const name = sentenceName(lang, i + 1);
    const changedUnder = !!d && d.base !== sen.text;
    return (
      <div key={sen.id} className={s.editSentence} data-sentence-id={sen.id} data-draft={d ? "" : undefined}>
        <span className={s.editNo} aria-hidden>
          {i + 1}
        </span>
        <div className={s.editField}>
          <textarea
            ref={i === 0 && (lang === "en" || !row.en.length) ? first : undefined}
            aria-label={name}
            lang={lang === "zh" ? "zh-Hans" : "en"}
            className={`${lang === "zh" ? s.zhText : ""} ${d ? s.drafted : ""}`}
            value={value}
            onChange={(e) => store.setText(row, sen, lang, i + 1, e.target.value)}
            onKeyDown={(e) => {
              // one sentence is one line: Enter never inserts a break (Ctrl+Enter saves)
              if (e.key === "Enter" && !e.ctrlKey && !e.metaKey) e.preventDefault();
            }}
            rows={Math.min(6, Math.max(1, Math.ceil(value.length / (lang === "zh" ? 22 : 44))))}
          />
          {sen.excluded && <span className={s.tag}>excluded</span>}
          {/[\r\n]/.test(value) && (
            <p className="error">A sentence is one line: remove the line break (to cut a sentence in two, use “Split sentence…”).</p>
          )}
          {changedUnder && (
            <p className={s.changedNote} data-testid="changed-under">
              Changed by another editor since you began; it now reads “{sen.text.length > 140 ? `${sen.text.slice(0, 140)}…` : sen.text}”. Your
              draft is kept: saving asks which to keep.
            </p>
          )}
          {value !== sen.original && (
            <div className={s.diffBox} aria-label={`${name} changes`}>
              <Diff original={sen.original} current={value} lang={lang} />
            </div>
          )}
        </div>
      </div>
    );
  };

  return (
    <>
    <form
      className={s.form}
      aria-label="Correct the text"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          onClose();
        }
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          submit();
        }
      }}
    >
      {editors.length > 0 && (
        <p className={s.presenceNote} role="note">
          {editors.map((o) => o.name).join(", ")} {pluralNoun(editors.length, "is", "are")} editing this pair too.
        </p>
      )}
      {changedMeanwhile && (
        <p className={s.changedNote} role="note" data-testid="pair-changed">
          {row.updatedBy} changed this pair at {when(row.updatedAt)} while you were editing. Your draft is kept.
        </p>
      )}
      {stray.map(([id, d]) => (
        <div key={id} className={s.changedNote} role="note">
          Your draft of {LANG_NAME[d.lang]} sentence {d.number} is no longer in this pair (it was joined, moved or re-aligned): “{d.text}”{" "}
          <button type="button" className={s.link} onClick={() => store.drop([id])}>
            Discard it
          </button>
        </div>
      ))}
      {(["en", "zh"] as const).map(
        (lang) =>
          row[lang].length > 0 && (
            <fieldset key={lang} className={s.editSide}>
              <legend>{LANG_NAME[lang]}</legend>
              {row[lang].map((sen, i) => field(lang, sen, i))}
            </fieldset>
          ),
      )}
      {error && (
        <p className="error" role="alert" data-testid="edit-error">
          {error} Your draft is kept.
        </p>
      )}
      <div className={s.formButtons}>
        <button type="submit" className={s.primary} disabled={busy}>
          Save correction
        </button>
        <button type="button" onClick={onClose} title="Close the form: an unsaved draft stays in this browser">
          Close
        </button>
        {(mine.length > 0 || stray.length > 0) && (
          <button
            type="button"
            onClick={() => {
              store.drop([...mine.map((x) => x.sentence.id), ...stray.map(([id]) => id)]);
              setError(null);
            }}
          >
            Discard changes
          </button>
        )}
        <span className="muted">{mine.length ? "Draft kept in this browser · " : ""}Ctrl+Enter saves, Esc closes</span>
      </div>
    </form>
      {conflict && (
        <ConflictDialog
          row={row}
          conflicts={conflict}
          drafts={drafts}
          busy={busy}
          onResolve={(c) => void resolve(c)}
          onCancel={() => setConflict(null)}
        />
      )}
    </>
  );
}

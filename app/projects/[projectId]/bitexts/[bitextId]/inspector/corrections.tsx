"use client";
// Each corrected sentence of the pair: its diff, and a revert of that sentence.
import type { ReviewRow } from "@/lib/db/review/view";
import { sentenceName } from "../edit-form";
import { Diff } from "../pair-row";
import type { Actions } from "./types";
import s from "../review.module.css";

/** Each corrected sentence: a diff of original vs corrected, and a revert of that sentence. */
export function Corrections({ row, busy, actions }: { row: ReviewRow; busy: boolean; actions: Actions | null }) {
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

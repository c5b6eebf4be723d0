// Editor-style search over a document pair's sentences as reviewed (current text: the latest
// correction, else the original), with the options of lib/text/search.ts. Used by the review
// index's filter and by find-and-replace. A bad or too slow regex is a ValidationError (400).
import type { Db } from "../client";
import { findMatches, SearchError, type SearchSpec, type TextMatch } from "../../text/search";
import { ValidationError, bitextShape, currentText } from "./core";

export interface SentenceHit {
  sentenceId: number;
  pairId: number;
  lang: "en" | "zh";
  excluded: boolean;
  /** the current text the matches index into */
  text: string;
  matches: TextMatch[];
}

export async function searchSentences(db: Db, bitextId: number, spec: SearchSpec & { lang?: "both" | "en" | "zh" }): Promise<SentenceHit[]> {
  const docs = await bitextShape(db, bitextId);
  const langs = spec.lang === "en" || spec.lang === "zh" ? [spec.lang] : (["en", "zh"] as const);
  const sentences = await db.sentence.findMany({
    where: { documentId: { in: langs.map((l) => docs[l]) }, pairId: { not: null } },
    select: { id: true, pairId: true, documentId: true, excluded: true, text: true, corrections: true },
  });
  const texts = sentences.map((s) => currentText(s));
  let found: TextMatch[][];
  try {
    found = await findMatches(texts, spec);
  } catch (err) {
    if (err instanceof SearchError) throw new ValidationError(err.message);
    throw err;
  }
  const hits: SentenceHit[] = [];
  sentences.forEach((s, i) => {
    if (found[i].length) {
      hits.push({ sentenceId: s.id, pairId: s.pairId!, lang: s.documentId === docs.en ? "en" : "zh", excluded: s.excluded, text: texts[i], matches: found[i] });
    }
  });
  return hits;
}

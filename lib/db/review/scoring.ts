// Re-scoring after an edit on the aligner's scale: a DocumentScorer prepared once per
// document pair (idf, length model, learned translations) and kept in this process.
// Preparing costs about one alignment, so it is done outside any transaction and only for
// documents small enough to prepare within a request; larger ones fall back to scorePair.
import type { Db } from "../client";
import { DocumentScorer, scorePair } from "../../alignment";
import type { ScoreFn } from "./core";
import { LRUCache } from "lru-cache";

export const MAX_PREPARED_SENTENCES = 3000;
/** Prepared scorers of the most recently edited document pairs (each holds its sentences' analysis). */
const cache = new LRUCache<number, { key: string; scorer: DocumentScorer }>({ max: 8 });

/** Document pairs found too long to prepare, and when: re-counted after a minute, not on every edit. */
const tooLong = new LRUCache<number, true>({ max: 10_000, ttl: 60_000 });

export async function documentScore(db: Db, bitextId: number): Promise<ScoreFn> {
  const fallback: ScoreFn = (zh, en) => scorePair(zh, en);
  if (tooLong.has(bitextId)) return fallback;
  const bitext = await db.bitext.findUnique({ where: { id: bitextId }, select: { alignedMode: true } });
  // A count decides whether the cached scorer still fits; the texts are read only to build one.
  const count = await db.sentence.count({ where: { document: { bitextId } } });
  if (count > MAX_PREPARED_SENTENCES) {
    // sentence splits and joins change the count by one at a time: far above the limit, it stays there
    if (count > 2 * MAX_PREPARED_SENTENCES) tooLong.set(bitextId, true);
    return fallback;
  }
  if (!bitext || count === 0) return fallback;
  const mode = bitext.alignedMode === "comparable" ? "comparable" : "parallel";
  // Sentence splits and joins change the document; corrections do not (beads are scored by text).
  const key = `${mode}:${count}`;
  let entry = cache.get(bitextId);
  if (!entry || entry.key !== key) {
    const sentences = await db.sentence.findMany({
      where: { document: { bitextId } },
      orderBy: { position: "asc" },
      select: { text: true, excluded: true, document: { select: { lang: true } } },
    });
    const side = (lang: string) => sentences.filter((s) => s.document.lang === lang).map((s) => ({ text: s.text, excluded: s.excluded }));
    entry = { key, scorer: new DocumentScorer({ zh: side("zh"), en: side("en") }, { mode }) };
    cache.set(bitextId, entry);
  }
  const scorer = entry.scorer;
  return (zh, en) => scorer.score(zh, en);
}

/**
 * Partial correspondences (comparable text): one long sentence of which only a clause is rendered
 * by the other side, e.g. "On behalf of the provincial party committee …, Zhu Tianshu, deputy
 * governor of Jilin Province, paid tribute to …" ↔ 吉林省副省长朱天舒致辞. The bead's score (the
 * probability of a correct, faithful parallel bead) is then ≈ 0, though the part that corresponds
 * matches well. For such a bead the score is taken on its matched part: the clauses of the long
 * sentence that hold its matched words, scored against the other side within the document.
 */
import type { BeadScore, DocScorer, ScoreParts } from "../scoring/types";

export const PARTIAL = {
  /** the other side is explained at least this well … */
  minShortCoverage: 0.6,
  /** … while the long sentence is explained at most this well */
  maxLongCoverage: 0.5,
  /** the matched part is at most this share of the long sentence (characters) */
  maxPartShare: 0.6,
};

/**
 * A bead's score in comparable text: the sentences next to a bead there are mostly not
 * translations of anything next to its other side, so the score leaves out the evidence of its
 * neighbours (`recalibrate` scores parts again, e.g. the lexical scorer's calibrate), as scorePair
 * does for a bead scored beside its documents.
 */
export function withoutNeighbours(s: BeadScore, recalibrate: (p: ScoreParts) => number): BeadScore {
  if (!s.parts.evidence.neighbour) return s;
  const parts = { ...s.parts, evidence: { ...s.parts.evidence, neighbour: 0 } };
  return { score: recalibrate(parts), parts };
}

/** Scores beads given by their texts within the document (LexicalDocScorer.scoreTexts). */
export type TextScore = (zh: string[], en: string[], at?: { zh?: number[]; en?: number[] }) => BeadScore;

/** The scorer's text scoring, when it has one. */
export function textScorer(scorer: DocScorer): TextScore | null {
  const f = (scorer as unknown as { scoreTexts?: TextScore }).scoreTexts;
  return typeof f === "function" ? f.bind(scorer) : null;
}

export interface PartialMatch {
  score: number;
  side: "zh" | "en";
  /** the matched part: UTF-16 offsets in the side's only sentence, end exclusive */
  start: number;
  end: number;
}

const EN_STOP = /[,;:()\u2013\u2014]/;
const ZH_STOP = /[，,；;：:（）()]/;

/** The clauses of `text` that hold [s, e): out to the nearest clause punctuation on each side. */
export function clauseSpan(text: string, s: number, e: number, lang: "zh" | "en"): [number, number] {
  const stop = lang === "en" ? EN_STOP : ZH_STOP;
  let a = s;
  while (a > 0 && !stop.test(text[a - 1])) a--;
  let b = e;
  while (b < text.length && !stop.test(text[b])) b++;
  if (b < text.length) b++; // the clause's own punctuation
  while (a < b && /\s/.test(text[a])) a++;
  return [a, b];
}

/**
 * The score of a bead's matched part when the bead (texts zh, en; `whole` its score, `at` its
 * sentences in the document) is a partial correspondence; null when it is not one.
 */
export function partialMatch(
  scoreTexts: TextScore,
  zh: string[],
  en: string[],
  whole: BeadScore,
  at: { zh?: number[]; en?: number[] } = {},
  adjust: (s: BeadScore) => BeadScore = (x) => x,
): PartialMatch | null {
  const p = whole.parts;
  const side: "zh" | "en" | null =
    en.length === 1 && zh.length > 0 && p.coverageEnZh <= PARTIAL.maxLongCoverage && p.coverageZhEn >= PARTIAL.minShortCoverage
      ? "en"
      : zh.length === 1 && en.length > 0 && p.coverageZhEn <= PARTIAL.maxLongCoverage && p.coverageEnZh >= PARTIAL.minShortCoverage
        ? "zh"
        : null;
  if (!side) return null;
  const text = side === "en" ? en[0] : zh[0];
  let s = Infinity;
  let e = -1;
  for (const m of p.pairs) {
    const a = side === "en" ? m.enStart : m.zhStart;
    const b = side === "en" ? m.enEnd : m.zhEnd;
    if (a < 0 || b <= a || b > text.length) continue;
    s = Math.min(s, a);
    e = Math.max(e, b);
  }
  if (e < 0) return null;
  const [a, b] = clauseSpan(text, s, e, side);
  if (b - a > PARTIAL.maxPartShare * text.length) return null;
  const part = text.slice(a, b);
  const r = adjust(side === "en" ? scoreTexts(zh, [part], { zh: at.zh }) : scoreTexts([part], en, { en: at.en }));
  return r.score > whole.score ? { score: r.score, side, start: a, end: b } : null;
}

/**
 * Partial correspondences (comparable text): one long sentence of which only a clause is rendered
 * by the other side, e.g. "On behalf of the provincial party committee …, Zhu Tianshu, deputy
 * governor of Jilin Province, paid tribute to …" ↔ 吉林省副省长朱天舒致辞. The bead's score (the
 * probability of a correct, faithful parallel bead) is then ≈ 0, though the part that corresponds
 * matches well. For such a bead the score is taken on its matched part: the clauses of the long
 * sentence that hold its matched words, scored against the other side within the document.
 */
import type { BeadScore, DocScorer } from "../scoring/types";

export const PARTIAL = {
  /** the other side is explained at least this well … */
  minShortCoverage: 0.6,
  /** … while the long sentence is explained at most this well */
  maxLongCoverage: 0.5,
  /** the matched part is at most this share of the long sentence (characters) */
  maxPartShare: 0.6,
};

/** A scorer that can score texts within its document (LexicalDocScorer.scoreTexts). */
interface TextScorer {
  scoreTexts(zh: string[], en: string[], at?: { zh?: number[]; en?: number[] }): BeadScore;
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
 * The score of a bead's matched part when the bead is a partial correspondence (see above); null
 * when it is not one, or when the scorer cannot score texts.
 */
export function partialMatch(
  scorer: DocScorer,
  zh: number[],
  en: number[],
  whole: BeadScore,
  texts: { zh: string[]; en: string[] },
): PartialMatch | null {
  const ts = scorer as unknown as Partial<TextScorer>;
  if (typeof ts.scoreTexts !== "function") return null;
  const p = whole.parts;
  const side: "zh" | "en" | null =
    en.length === 1 && p.coverageEnZh <= PARTIAL.maxLongCoverage && p.coverageZhEn >= PARTIAL.minShortCoverage
      ? "en"
      : zh.length === 1 && p.coverageZhEn <= PARTIAL.maxLongCoverage && p.coverageEnZh >= PARTIAL.minShortCoverage
        ? "zh"
        : null;
  if (!side) return null;
  const text = side === "en" ? texts.en[en[0]] : texts.zh[zh[0]];
  let s = Infinity;
  let e = -1;
  for (const m of p.pairs) {
    const a = side === "en" ? m.enStart : m.zhStart;
    const b = side === "en" ? m.enEnd : m.zhEnd;
    if (a < 0 || b <= a) continue;
    s = Math.min(s, a);
    e = Math.max(e, b);
  }
  if (e < 0) return null;
  const [a, b] = clauseSpan(text, s, e, side);
  if (b - a > PARTIAL.maxPartShare * text.length) return null;
  const part = text.slice(a, b);
  const r =
    side === "en"
      ? ts.scoreTexts(zh.map((i) => texts.zh[i]), [part], { zh })
      : ts.scoreTexts([part], en.map((j) => texts.en[j]), { en });
  return r.score > whole.score ? { score: r.score, side, start: a, end: b } : null;
}

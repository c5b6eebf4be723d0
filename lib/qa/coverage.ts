/**
 * Omission / addition checks and gap pairs.
 *
 * Direction: `sourceLang` (default "zh") is the original. Source content with no
 * counterpart in the target = omission; target content with no counterpart in the
 * source = addition.
 *
 * omission.gap / addition.gap — one side of the pair is empty.
 * omission.length / addition.length — the pair's length ratio
 *   log((enChars+12)/(zhChars+12)) lies more than LEN_Z robust z-units (median/MAD
 *   of the document's own pairs) away from the document's median, in the
 *   omission (target too short) or addition (target too long) direction.
 * omission.content / addition.content — a clause of one side (between ，。；：,;: …)
 *   with ≥ CLAUSE_MIN content words none of which has a lexicon/number/name match
 *   on the other side, while that side's lexical coverage (lib/scoring, CC-CEDICT)
 *   is below the document's typical coverage and the length ratio leans the same way.
 */
import { lexicalScorer } from "../scoring/lexical";
import type { DocScorer, ScoreParts } from "../scoring/types";
import { CHINESE_STOPWORDS, zhLength, enLength } from "../text/tokens";
import { zhWords, enTokens } from "./analyse";
import type { DocContext, QaLang, QaPairInput, Severity } from "./types";
import { ev, evSentence, langName, other, quote, robustStat, type IssueSink } from "./util";

export const OMISSION_PARAMS = {
  /** robust z of the length ratio beyond which a pair is flagged on length alone */
  lenZ: 3.5,
  /** minimal content words of an unmatched clause */
  clauseMin: 4,
  /** coverage z below which an unmatched clause is reported */
  covZ: -0.5,
  /** length z (towards the omission side) needed together with an unmatched clause */
  clauseLenZ: -1.0,
  /** pairs shorter than this (zh content chars) are never judged on length */
  minZhChars: 8,
};

export const logRatio = (zh: string[], en: string[]) => {
  const lz = zh.reduce((s, t) => s + zhLength(t), 0);
  const le = en.reduce((s, t) => s + enLength(t), 0);
  return Math.log((le + 12) / (lz + 12));
};

/** One scorer over all pairs of the batch; pair k ↦ its sentence indices. */
export class PairScorer {
  private scorer: DocScorer | null = null;
  private zIdx: number[][] = [];
  private eIdx: number[][] = [];
  constructor(private readonly pairs: QaPairInput[]) {}
  parts(k: number): ScoreParts | null {
    const p = this.pairs[k];
    if (!p.zh.length || !p.en.length) return null;
    if (!this.scorer) {
      const zh: string[] = [];
      const en: string[] = [];
      for (const q of this.pairs) {
        this.zIdx.push(q.zh.map((t) => zh.push(t) - 1));
        this.eIdx.push(q.en.map((t) => en.push(t) - 1));
      }
      this.scorer = lexicalScorer.prepare(zh, en);
    }
    return this.scorer.score(this.zIdx[k], this.eIdx[k]).parts;
  }
}

export function coverageStats(pairs: QaPairInput[], ps: PairScorer): Pick<DocContext, "lengthLogRatio" | "coverageZh" | "coverageEn"> {
  const lr: number[] = [];
  const cz: number[] = [];
  const ce: number[] = [];
  pairs.forEach((p, k) => {
    if (!p.zh.length || !p.en.length) return;
    if (p.zh.reduce((s, t) => s + zhLength(t), 0) >= OMISSION_PARAMS.minZhChars) lr.push(logRatio(p.zh, p.en));
    const parts = ps.parts(k)!;
    cz.push(parts.coverageZhEn);
    ce.push(parts.coverageEnZh);
  });
  return { lengthLogRatio: robustStat(lr, 0.15), coverageZh: robustStat(cz, 0.1), coverageEn: robustStat(ce, 0.1) };
}

interface Clause {
  sentence: number;
  start: number;
  end: number;
  content: number;
  matched: number;
}

const ZH_CLAUSE = /[，。；：！？、,;:!?（）()“”"]/;
const EN_CLAUSE = /[,;:!?()"“”—–]|\.(?=\s|$)/;

function clauses(side: QaLang, texts: string[], parts: ScoreParts): Clause[] {
  const out: Clause[] = [];
  texts.forEach((t, s) => {
    const spans: [number, number][] = [];
    for (const m of parts.pairs) {
      if (side === "zh" && m.zhSentence === s) spans.push([m.zhStart, m.zhEnd]);
      if (side === "en" && m.enSentence === s) spans.push([m.enStart, m.enEnd]);
    }
    const toks =
      side === "zh"
        ? zhWords(t).filter((w) => !CHINESE_STOPWORDS.has(w.text) && /[\u3400-\u9fffA-Za-z0-9]/.test(w.text))
        : enTokens(t).filter((w) => !w.stop && w.text.length > 1);
    const re = side === "zh" ? ZH_CLAUSE : EN_CLAUSE;
    let start = 0;
    const flush = (end: number) => {
      const inside = toks.filter((w) => w.start >= start && w.end <= end);
      if (inside.length) {
        const matched = inside.filter((w) => spans.some(([a, b]) => a < w.end && w.start < b)).length;
        out.push({ sentence: s, start: inside[0].start, end: inside[inside.length - 1].end, content: inside.length, matched });
      }
    };
    for (let i = 0; i < t.length; i++) {
      if (re.test(t[i])) {
        flush(i);
        start = i + 1;
      }
    }
    flush(t.length);
  });
  return out;
}

export function checkGap(pair: QaPairInput, sourceLang: QaLang, sink: IssueSink): boolean {
  const hasZh = pair.zh.some((t) => t.trim());
  const hasEn = pair.en.some((t) => t.trim());
  if (hasZh && hasEn) return false;
  if (!hasZh && !hasEn) return true;
  const present: QaLang = hasZh ? "zh" : "en";
  const texts = present === "zh" ? pair.zh : pair.en;
  const size = present === "zh" ? texts.reduce((s, t) => s + zhLength(t), 0) / 2 : texts.reduce((s, t) => s + enTokens(t).filter((w) => !w.stop).length, 0);
  const sev: Severity = size >= 4 ? "major" : "minor";
  const evidence = texts.map((t, s) => evSentence(present, s, t));
  if (present === sourceLang)
    sink.add("omission.gap", "omission", sev, `The ${langName(other(present))} translation omits this ${langName(present)} text (no counterpart): ${quote(texts.join(" "))}.`, evidence);
  else
    sink.add("addition.gap", "addition", sev, `${langName(present)} text with no ${langName(other(present))} source: ${quote(texts.join(" "))} was added in translation.`, evidence);
  return true;
}

export function checkOmission(pair: QaPairInput, parts: ScoreParts | null, ctx: DocContext, sink: IssueSink): void {
  if (!parts) return;
  const P = OMISSION_PARAMS;
  const src = ctx.sourceLang;
  const tgt = other(src);
  const zhChars = pair.zh.reduce((s, t) => s + zhLength(t), 0);
  const lr = ctx.lengthLogRatio;
  // z > 0: English longer than usual
  const z = (logRatio(pair.zh, pair.en) - lr.median) / lr.mad;
  // towards "target too short" (omission) is negative
  const zOm = src === "zh" ? z : -z;
  const judgeLength = zhChars >= P.minZhChars && lr.n >= 5;
  const covOf = (side: QaLang) => (side === "zh" ? parts.coverageZhEn : parts.coverageEnZh);
  const statOf = (side: QaLang) => (side === "zh" ? ctx.coverageZh : ctx.coverageEn);
  const covZ = (side: QaLang) => (covOf(side) - statOf(side).median) / statOf(side).mad;

  for (const [kind, side, zDir] of [
    ["omission", src, zOm],
    ["addition", tgt, -zOm],
  ] as const) {
    const texts = side === "zh" ? pair.zh : pair.en;
    const cat = kind;
    // clause with no counterpart
    const cl = clauses(side, texts, parts).filter((c) => c.matched === 0 && c.content >= P.clauseMin);
    if (cl.length && covZ(side) <= P.covZ && (!judgeLength || zDir <= P.clauseLenZ)) {
      const best = cl.sort((a, b) => b.content - a.content)[0];
      const t = texts[best.sentence];
      const msg =
        kind === "omission"
          ? `Possible omission: the ${langName(src)} ${quote(t.slice(best.start, best.end))} (${best.content} content words) has no counterpart in the ${langName(tgt)}` +
            ` (coverage ${(covOf(side) * 100).toFixed(0)}% vs document median ${(statOf(side).median * 100).toFixed(0)}%).`
          : `Possible addition: the ${langName(tgt)} ${quote(t.slice(best.start, best.end))} (${best.content} content words) has no counterpart in the ${langName(src)}` +
            ` (coverage ${(covOf(side) * 100).toFixed(0)}% vs document median ${(statOf(side).median * 100).toFixed(0)}%).`;
      sink.add(`${kind}.content`, cat, best.content >= 8 ? "major" : "minor", msg, [ev(side, best.sentence, t, best.start, best.end)]);
      continue;
    }
    if (judgeLength && zDir <= -P.lenZ) {
      const ratio = Math.exp(logRatio(pair.zh, pair.en) - lr.median);
      const msg =
        kind === "omission"
          ? `Possible omission: the ${langName(tgt)} is ${(src === "zh" ? ratio : 1 / ratio).toFixed(2)}× the length expected from the document's usual ${langName(tgt)}/${langName(src)} ratio (robust z = ${zDir.toFixed(1)}).`
          : `Possible addition: the ${langName(tgt)} is ${(src === "zh" ? ratio : 1 / ratio).toFixed(2)}× the length expected from the document's usual ${langName(tgt)}/${langName(src)} ratio (robust z = ${(-zDir).toFixed(1)}).`;
      const evTexts = kind === "omission" ? (tgt === "zh" ? pair.zh : pair.en) : texts;
      const evSide = kind === "omission" ? tgt : side;
      sink.add(`${kind}.length`, cat, zDir <= -2 * P.lenZ ? "major" : "minor", msg, evTexts.map((t, s) => evSentence(evSide, s, t)));
    }
  }
}

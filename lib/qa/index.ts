/**
 * Automatic translation QA checks (Xbench-style, MQM categories) for aligned
 * English–Chinese pairs. Every issue is explainable (message + evidence spans with
 * offsets on each side) and carries a stable dismissal key.
 *
 *   const issues = runChecks(pairs, { glossary: parseGlossaryTsv(tsv), sourceLang: "zh" });
 *   issues[k]  // QaIssue[] of pairs[k]
 *
 * See CHECKS for every check id with its category, rule and severity.
 */
import { enTokens } from "./analyse";
import { checkGap, checkOmission, coverageStats, PairScorer } from "./coverage";
import { checkNames, englishNameShare, learnNames } from "./names";
import { checkNumbers } from "./numbers";
import { checkConsistency, checkGlossary, collectRenderings } from "./terminology";
import type { DocContext, FlagCategory, QaIssue, QaLang, QaOptions, QaPairInput } from "./types";
import { checkUntranslated } from "./untranslated";
import { IssueSink } from "./util";

export type * from "./types";
export { parseGlossaryTsv, GlossaryParseError } from "./glossary";
export { OMISSION_PARAMS } from "./coverage";

export interface CheckInfo {
  id: string;
  category: FlagCategory;
  severity: string;
  rule: string;
}

/** Catalogue of checks (ids are stable: editors dismiss issues per id + key). */
export const CHECKS: CheckInfo[] = [
  { id: "number.mismatch", category: "number", severity: "critical when a date/year/percentage/money value differs; minor for a missing small word-form (≤ 10) or approximate number; else major", rule: "number, date, year, percentage or ordinal on one side without an equal (or, when approximate, within ×2) counterpart on the other, after normalising Chinese numerals, English number words and date forms; a bare 1 / first / 一 is never required" },
  { id: "number.counted", category: "number", severity: "major", rule: "counted noun phrases whose nouns translate each other (CC-CEDICT) but whose counts differ: 两街 (2 × street) vs “one street”" },
  { id: "name.mismatch", category: "name", severity: "major", rule: "both sides have a name without counterpart on the other side (a wrong name): English capitalised name with no pinyin / dictionary / document-learnt / Latin match in the Chinese, and a Chinese name (learnt from the document, or a dictionary place name) with none in the English; Chinese speaker tags are exempt as for name.missing" },
  { id: "name.missing", category: "name", severity: "major for a name known from the document; minor for a name never matched elsewhere", rule: "a name on one side only. Pronoun explicitation is not reported: an English name is skipped when the Chinese has a pronoun and the name is unknown to the document, in subject position, or the Chinese has more third-person pronouns than the English; an English name mentioned in ≥ 5% of the document's pairs (a main character or the setting: DocContext.enNameShare) is skipped, as translators routinely name them where the Chinese has a pronoun or zero subject; a Chinese name is skipped when the English has a pronoun, or when it is a speaker tag (X道：“…”) and the English names nobody or is one bare quotation (speech rendered without attribution)" },
  { id: "omission.gap", category: "omission", severity: "major; minor when the sentence has < 4 content words", rule: "the target side of the pair is empty" },
  { id: "addition.gap", category: "addition", severity: "major; minor when < 4 content words", rule: "the source side of the pair is empty" },
  { id: "omission.content", category: "omission", severity: "major when the clause has ≥ 8 content words, else minor", rule: "a source clause with ≥ 4 content words and no lexical/number/name match, source coverage below the document median − 0.5·MAD and the length ratio leaning short" },
  { id: "addition.content", category: "addition", severity: "as omission.content", rule: "same, for a target clause without source counterpart" },
  { id: "omission.length", category: "omission", severity: "minor; major beyond 2× the threshold", rule: "target much shorter than the document's usual ratio (robust z ≤ −3.5 with the document's median and MAD)" },
  { id: "addition.length", category: "addition", severity: "as omission.length", rule: "target much longer than usual (robust z ≥ 3.5)" },
  { id: "terminology.glossary", category: "terminology", severity: "major when the source term is present and the target term missing; minor the other way round", rule: "glossary term on one side, none of its required translations on the other" },
  { id: "terminology.inconsistent", category: "terminology", severity: "minor", rule: "source noun rendered here only by dictionary translations no other pair uses, while another rendering is used in ≥ 2 other pairs" },
  { id: "untranslated.identical", category: "untranslated", severity: "major", rule: "both sides are the same text (with letters)" },
  { id: "untranslated.script", category: "untranslated", severity: "major in the target, minor in the source", rule: "English word run (≥ 2 ordinary lower-case words) on the Chinese side, or Chinese characters on the English side" },
];

function enLowercase(pairs: QaPairInput[]): string[] {
  const s = new Set<string>();
  for (const p of pairs) for (const t of p.en) for (const k of enTokens(t)) if (!k.capitalized && !k.numeric) s.add(k.lower);
  return [...s];
}

function contextWith(pairs: QaPairInput[], sourceLang: QaLang, ps: PairScorer): DocContext {
  const lower = enLowercase(pairs);
  return {
    sourceLang,
    ...coverageStats(pairs, ps),
    renderings: collectRenderings(pairs, sourceLang),
    enLowercase: lower,
    names: learnNames(pairs, new Set(lower)),
    enNameShare: englishNameShare(pairs, new Set(lower)),
  };
}

/** Document context (length/coverage distributions, renderings, names) over all pairs of one document. */
export function buildDocContext(pairs: QaPairInput[], opts: { sourceLang?: QaLang } = {}): DocContext {
  return contextWith(pairs, opts.sourceLang ?? "zh", new PairScorer(pairs));
}

/** Run all checks; result[k] holds the issues of pairs[k]. */
export function runChecks(pairs: QaPairInput[], opts: QaOptions = {}): QaIssue[][] {
  const ps = new PairScorer(pairs);
  const sourceLang = opts.sourceLang ?? opts.context?.sourceLang ?? "zh";
  const ctx: DocContext = opts.context ? { ...opts.context, sourceLang } : contextWith(pairs, sourceLang, ps);
  // on(family) gates running a family; the final filter keeps only the requested ids
  const on = (f: string) => !opts.checks || opts.checks.some((c) => c === f || c.startsWith(f + ".") || f.startsWith(c + "."));
  const keep = (id: string) => !opts.checks || opts.checks.some((c) => id === c || id.startsWith(c + "."));
  const nameKeys = Object.keys(ctx.names);
  return pairs.map((pair, k) => {
    const sink = new IssueSink(pair, sourceLang);
    if (checkGap(pair, sourceLang, sink)) return sink.issues.filter((i) => keep(i.checkId));
    if (on("untranslated")) checkUntranslated(pair, sourceLang, sink);
    if (on("number")) checkNumbers(pair, sink, nameKeys);
    if (on("name")) checkNames(pair, ctx, sink);
    if (on("omission") || on("addition")) checkOmission(pair, ps.parts(k), ctx, sink);
    if (opts.glossary?.length && on("terminology")) checkGlossary(pair, opts.glossary, sourceLang, sink);
    if (on("terminology")) checkConsistency(pair, ctx, sink);
    return sink.issues.filter((i) => keep(i.checkId));
  });
}

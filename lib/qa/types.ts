/** Public types of the translation QA checks (lib/qa). */
import type { FLAG_CATEGORIES, FLAG_SEVERITIES } from "../db/vocabulary";

export type FlagCategory = (typeof FLAG_CATEGORIES)[number];
export type Severity = (typeof FLAG_SEVERITIES)[number];
export type QaLang = "zh" | "en";

/** One bead: its sentences on each side (either side may be empty: a gap pair). */
export interface QaPairInput {
  en: string[];
  zh: string[];
}

/** A highlighted span: UTF-16 offsets [start, end) inside sentence `sentence` of the pair's `side`. */
export interface QaEvidence {
  side: QaLang;
  /** index of the sentence inside the pair's list for that side (0-based) */
  sentence: number;
  start: number;
  end: number;
  text: string;
}

export interface QaIssue {
  /** stable check identifier, e.g. "number.mismatch" (see CHECKS) */
  checkId: string;
  category: FlagCategory;
  severity: Severity;
  /** human-readable explanation quoting the evidence */
  message: string;
  evidence: QaEvidence[];
  /**
   * Dismissal key: checkId + hash of the pair's source-side text + hash of the
   * evidence texts. No indices or offsets, so it survives re-runs, re-alignment
   * and edits of unrelated target text; it changes when the flagged text changes.
   */
  key: string;
}

/** One glossary line: required translation pair (alternatives separated by "|"). */
export interface GlossaryEntry {
  en: string[];
  zh: string[];
  /** 1-based line in the TSV it came from (0 when built in code) */
  line: number;
  note?: string;
}

/** Robust statistics of one per-pair quantity over the document. */
export interface RobustStat {
  median: number;
  /** median absolute deviation, scaled by 1.4826 (≈ σ for normal data), floored */
  mad: number;
  n: number;
}

/**
 * Document-level context: computed over all pairs of a document by buildDocContext
 * (runChecks does this itself when none is given). Pass it when re-checking a few
 * pairs of a larger document (e.g. after an edit) so thresholds stay the document's.
 */
export interface DocContext {
  sourceLang: QaLang;
  /** log((enChars+12)/(zhChars+12)) over the non-gap pairs */
  lengthLogRatio: RobustStat;
  /** weighted lexical coverage of each side over the non-gap pairs */
  coverageZh: RobustStat;
  coverageEn: RobustStat;
  /** source term → target rendering → number of pairs (terminology consistency) */
  renderings: Record<string, Record<string, number>>;
  /** lower-case English words seen written in lower case in the document (not names) */
  enLowercase: string[];
  /** Chinese name spellings matched to an English name somewhere in the document → English forms */
  names: Record<string, string[]>;
  /**
   * English name (capitalised run, possessive stripped) → share of the document's
   * non-gap pairs whose English mentions it; only names in ≥ 2 pairs. Optional: without
   * it every English name counts as rare.
   */
  enNameShare?: Record<string, number>;
}

export interface QaOptions {
  glossary?: GlossaryEntry[];
  context?: DocContext;
  /** language of the source text (default "zh"): decides omission vs addition */
  sourceLang?: QaLang;
  /** run only these check ids (default: all) */
  checks?: string[];
}

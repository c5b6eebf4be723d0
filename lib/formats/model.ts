/**
 * Neutral corpus model shared by every import/export format.
 *
 * A corpus is a stream of beads ("pairs"): any number of English and Chinese
 * sentences aligned to each other; either side may be empty (a gap).
 * Pure TypeScript: no Next.js, no Prisma.
 */

export type Lang = "en" | "zh";

export const PAIR_STATUSES = ["automatic", "confirmed", "flagged", "corrected"] as const;
export type PairStatus = (typeof PAIR_STATUSES)[number];

export function isPairStatus(s: unknown): s is PairStatus {
  return typeof s === "string" && (PAIR_STATUSES as readonly string[]).includes(s);
}

/** One sentence of one side of a bead. */
export interface CorpusSentence {
  /** Current text (the corrected text when a correction exists). */
  text: string;
  /** The text as originally split, present only when the sentence was corrected. */
  original?: string;
  /** 0-based paragraph number in its document, when known (InterText `<p>`). */
  paragraph?: number;
  /**
   * 0-based position of the sentence in its document, when known. Beads are not
   * always contiguous or in document order (MAC-Dev 002 and 006 have a bead with
   * sentences 72+74 and one that crosses its neighbour); the InterText writer uses
   * this to write the documents in document order.
   */
  index?: number;
}

/** An error flag on a pair (MQM-like typology: category + severity). */
export interface CorpusFlag {
  category: string;
  /** minor | major | critical (other strings are kept as given). */
  severity: string;
  note: string;
  /** editor | check */
  source?: string;
  resolved?: boolean;
  /** a span-level flag: the text it is about */
  span?: CorpusFlagSpan;
}

/** Where a span-level flag points: a sentence of the pair's side and UTF-16 offsets into its text. */
export interface CorpusFlagSpan {
  side: "en" | "zh";
  /** index of the sentence among the pair's exported sentences of that side, 0-based */
  sentence: number;
  /** UTF-16 code units into that sentence's (exported, current) text, end exclusive */
  start: number;
  end: number;
  text: string;
  /** a correction changed the spanned text since the flag was set: the offsets no longer apply */
  detached?: boolean;
}

/** One bead of an aligned document pair. */
export interface CorpusPair {
  /** Reading order, 0-based. Readers renumber 0..n-1 in file order. */
  position: number;
  en: CorpusSentence[];
  zh: CorpusSentence[];
  status?: PairStatus;
  /** 0-100; null for gaps / unscored. */
  score?: number | null;
  /** Score parts (named components), arbitrary JSON. */
  parts?: unknown;
  /**
   * 0-1: the aligner's probability that this bead is right, apart from the match score;
   * null when there is none (excluded clutter, pairs edited by hand, imports without one).
   */
  confidence?: number | null;
  flags?: CorpusFlag[];
  notes?: string[];
  /** The document pair it comes from (its title), in exports that span several. */
  document?: string;
  /** Who made the pair and when (TMX `creationid` / `creationdate`), from the recorded authors. */
  created?: CorpusAuthorship;
  /** Who changed it last and when (TMX `changeid` / `changedate`); absent when never changed. */
  changed?: CorpusAuthorship;
}

/** A recorded author and time; `by` is absent when the change was the program's own. */
export interface CorpusAuthorship {
  by?: string;
  at?: Date;
}

export interface CorpusDocMeta {
  title: string;
  project?: string;
  srcLang: Lang;
  created?: Date;
}

/** What writers accept: an array, a generator, or an async generator. */
export type PairSource = Iterable<CorpusPair> | AsyncIterable<CorpusPair>;

/** Options common to every exporter, applied by `filterPairs` (one implementation). */
export interface ExportFilter {
  /** Keep only pairs whose status is "confirmed" or "corrected" (human-reviewed). */
  confirmedOnly?: boolean;
  /** Keep only pairs with score >= minScore; pairs without a score are dropped. */
  minScore?: number;
  /**
   * Keep only pairs with confidence >= minConfidence (0–1, the aligner's probability that the
   * pair is right); pairs without a confidence (edited by hand, imported without one) are dropped.
   */
  minConfidence?: number;
  /** Drop pairs carrying an unresolved flag of severity "major" or "critical". */
  dropOpenMajorFlags?: boolean;
  /** Keep gaps (pairs with an empty side). Default false (InterText: true). */
  includeGaps?: boolean;
}

/** What readers return. */
export interface ImportResult {
  meta: Partial<CorpusDocMeta>;
  pairs: CorpusPair[];
  /** Non-fatal oddities (unknown status value, unlinked sentences…). */
  warnings: string[];
}

/** Limits for every reader. */
export interface ReadLimits {
  /** Maximum input size in bytes (each file). Default 50 MB. */
  maxBytes?: number;
  /** Maximum XML element nesting depth. Default 64. */
  maxDepth?: number;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 64;

/** Raw input: text, or bytes in UTF-8 (BOM optional) / UTF-16 with BOM. */
export type TextInput = string | Uint8Array | ArrayBuffer;

export function isGap(p: Pick<CorpusPair, "en" | "zh">): boolean {
  return p.en.length === 0 || p.zh.length === 0;
}

/**
 * Join the sentences of one side into one segment: English with a space,
 * Chinese without a separator.
 */
export function sentenceSeparator(lang: Lang): string {
  return lang === "en" ? " " : "";
}

export function joinSide(lang: Lang, sentences: readonly CorpusSentence[]): string {
  return sentences.map((s) => s.text).join(sentenceSeparator(lang));
}

/** A confidence read from a file: a number in [0, 1]; anything else is not one. */
export function isConfidence(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 1;
}

export function hasOpenMajorFlag(p: CorpusPair): boolean {
  return (p.flags ?? []).some(
    (f) => !f.resolved && (f.severity === "major" || f.severity === "critical"),
  );
}

/** Public scoring types. The aligner depends only on these interfaces. */

export type MatchKind = "lexicon" | "learned" | "number" | "name";

/** One matched word pair, with offsets inside each sentence (UTF-16, end exclusive). */
export interface MatchedPair {
  kind: MatchKind;
  /** position of the Chinese sentence inside the bead's zh list (0-based) */
  zhSentence: number;
  zhStart: number;
  zhEnd: number;
  zhText: string;
  /** position of the English sentence inside the bead's en list (0-based) */
  enSentence: number;
  enStart: number;
  enEnd: number;
  enText: string;
}

export interface ScoreParts {
  /** weighted share of Chinese content words that have a translation in the English side (0–1) */
  coverageZhEn: number;
  /** weighted share of English content words that have a translation in the Chinese side (0–1) */
  coverageEnZh: number;
  /** numbers/dates: matched mentions over all mentions on both sides; score null when none */
  numbers: { matched: number; total: number; score: number | null };
  /** romanised names (pinyin ↔ capitalised English): matched over English name candidates */
  names: { matched: number; total: number; score: number | null };
  /** English/Chinese length ratio against the document's ratio; score 0–1 (1 = as expected) */
  length: { zhChars: number; enChars: number; ratio: number; expected: number; score: number };
  /**
   * idf-weighted evidence behind the coverages (matched / total weight per side);
   * rare = names, numbers and capitalised English words found in only this English sentence of the document whose
   * Chinese match occurs in at most two Chinese sentences (names, numbers, rare terms)
   */
  evidence: {
    zhMatched: number;
    zhTotal: number;
    enMatched: number;
    enTotal: number;
    nameWeight: number;
    rare: number;
    /** dialogue structure: how many of quote / ? / ! appear on one side only (0–3) */
    punctMismatch?: number;
    /** bead boundaries (before / after) where one side is inside an open quotation and the other not (0–2) */
    quoteBoundary?: number;
    /** lowest share of one sentence's weight explained by the other side, over the bead's sentences (0–1) */
    weakest?: number;
    /** highest share of an adjacent sentence OUTSIDE the bead explained by the bead's other side (0–1) */
    neighbour?: number;
  };
  /** matched word pairs for highlighting */
  pairs: MatchedPair[];
}

export interface BeadScore {
  /** 0–100, calibrated: higher = more likely a correct, faithful pair */
  score: number;
  parts: ScoreParts;
}

/**
 * A document-level scorer prepared for one zh/en document pair. The aligner
 * only calls these methods, so other scorers (e.g. sentence embeddings) can be
 * plugged in without touching the aligner.
 */
export interface DocScorer {
  readonly nZh: number;
  readonly nEn: number;
  /**
   * Fast similarity of the bead zh[z0,z1) × en[e0,e1) for the search (≈ 0–1,
   * comparable across bead sizes). Both ranges non-empty.
   */
  sim(z0: number, z1: number, e0: number, e1: number): number;
  /** optional: sim(i, i + 1, j, j + 1) without caching the pair (one-off lookups, e.g. anchors) */
  simPair?(i: number, j: number): number;
  /** Length agreement log-penalty (≤ 0) of the bead; 0 = the document's typical ratio. */
  lengthPenalty(z0: number, z1: number, e0: number, e1: number): number;
  /**
   * Optional log-linear gain of a bead of ANY shape, gaps included (z0 === z1 or e0 === e1);
   * higher = better. When present the parallel search sums these instead of sim/lengthPenalty.
   */
  beadGain?(z0: number, z1: number, e0: number, e1: number): number;
  /**
   * Optional fast form of beadGain for the search: the gains of all `shapes` ending at one node
   * at once (see CellGains). Must give exactly beadGain's values for the beads it does not prune.
   */
  cellGains?(shapes: [number, number][]): CellGains;
  /**
   * Optional: the cellGains sources made from now on keep the gains they compute for the beads
   * (of the given shapes) ending at the nodes of this window, and give a kept gain back instead
   * of computing it again; each source still prunes by its own rule, so its results do not
   * change. For the searches that look at a band again (gap post-pass, confidence). null forgets
   * the gains; learning or other bead weights forget them too.
   */
  rememberGains?(window: { lo: Int32Array; hi: Int32Array } | null, shapes?: [number, number][]): void;
  /** Whether a sentence has any content at all (empty sentences prefer to merge). */
  zhWeight(i: number): number;
  enWeight(j: number): number;
  /** Candidate zh sentences sharing rare evidence with English sentence j (for anchors / comparable mode). */
  candidatesForEn(j: number, limit: number): number[];
  /** Optional: coverages of a bead (zh by en, en by zh), 0–1. */
  coverages?(zh: number[], en: number[]): { cz: number; ce: number };
  /**
   * Optional: for each sentence of the link bead (its Chinese sentences, then its English ones),
   * the evidence that it has no counterpart at all: the log-likelihood ratio
   * log P(features | gap) / P(features | belongs to the bead), so that a caller can combine it
   * with its own prior gap rate.
   */
  gapEvidence?(bead: BeadRange): Float64Array;
  /** Full, calibrated score with parts (indices may be non-contiguous). */
  score(zh: number[], en: number[]): BeadScore;
  /** Optional: the search will not look at zh rows < i again (free memory). */
  releaseBefore?(i: number): void;
  /** In-document learning from a first-pass alignment (optional). */
  learn?(beads: { zh: number[]; en: number[] }[]): void;
}

/** A bead as index ranges: Chinese sentences [z0, z1) × English sentences [e0, e1). */
export interface BeadRange {
  z0: number;
  z1: number;
  e0: number;
  e1: number;
}

/**
 * Gains of the beads of every shape ending at node (i, j) of the search lattice. prev[s] is the
 * best path value at the start node of shape s (−Infinity when that node is outside the window
 * or unreachable); the source writes the bead gain to out[s] (ignored when prev[s] is −Infinity).
 * It MAY write −Infinity for a bead that provably cannot win, i.e. when prev[s] + gain ≤ the
 * largest prev[s'] + out[s'] over the shapes s' < s — the search keeps the earlier shape on
 * ties, so such pruning never changes the result.
 */
export type CellGains = (i: number, j: number, prev: Float64Array, out: Float64Array) => void;

export interface ScorerFactory {
  readonly name: string;
  prepare(zh: string[], en: string[], opts?: { signal?: AbortSignal }): DocScorer;
}

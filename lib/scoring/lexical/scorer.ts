/**
 * The lexical DocScorer: dictionary, learned translations, numbers, romanised names and length,
 * no neural model. It prepares one document (doc.ts) and answers the aligner's questions with the
 * modules of this folder.
 */
import { getLexicon, type Lexicon } from "../../lexicon";
import type { BeadRange, BeadScore, CellGains, DocScorer, ScoreParts, ScorerFactory } from "../types";
import { CandidateIndex } from "./candidates";
import { cellGains } from "./cell-gains";
import { prepareDocument, type LexDoc } from "./doc";
import { beadFeatures, beadGain } from "./features";
import { GainMemo } from "./gain-memo";
import { gapEvidence, gapFeatures } from "./gaps";
import { learn } from "./learn";
import { scoreParts } from "./parts";
import { scoreBead, scoreTexts } from "./score-texts";

export class LexicalDocScorer implements DocScorer {
  readonly nZh: number;
  readonly nEn: number;
  private readonly doc: LexDoc;
  /** built on the first candidatesForEn call (before learning: the aligner's anchors) */
  private candidates: CandidateIndex | null = null;

  constructor(
    zhTexts: string[],
    enTexts: string[],
    private readonly lex: Lexicon = getLexicon(),
  ) {
    this.nZh = zhTexts.length;
    this.nEn = enTexts.length;
    this.doc = prepareDocument(zhTexts, enTexts, lex);
  }

  zhWeight(i: number): number {
    return this.doc.zh[i].totalW;
  }

  enWeight(j: number): number {
    return this.doc.en[j].totalW;
  }

  sim(z0: number, z1: number, e0: number, e1: number): number {
    return this.doc.cov.sim(z0, z1, e0, e1);
  }

  simPair(i: number, j: number): number {
    return this.doc.cov.simPair(i, j);
  }

  lengthPenalty(z0: number, z1: number, e0: number, e1: number): number {
    return this.doc.length.ofRange(z0, z1, e0, e1);
  }

  /** Feature vector φ of the bead zh[z0,z1) × en[e0,e1) (any shape, gaps included): see BEAD_FEATURES. */
  beadFeatures(z0: number, z1: number, e0: number, e1: number, out: Float64Array): Float64Array {
    return beadFeatures(this.doc, z0, z1, e0, e1, out);
  }

  beadGain(z0: number, z1: number, e0: number, e1: number): number {
    return beadGain(this.doc, z0, z1, e0, e1);
  }

  cellGains(shapes: [number, number][]): CellGains {
    return cellGains(this.doc, shapes);
  }

  /** Keep the link-bead gains that later searches compute in this window (see GainMemo); null forgets them. */
  rememberGains(window: { lo: Int32Array; hi: Int32Array } | null, shapes: [number, number][] = []): void {
    this.doc.gainMemo = window ? new GainMemo(window, shapes) : null;
  }

  /** Use other bead weights (fitting scripts). */
  setBeadWeights(w: ArrayLike<number>): void {
    this.doc.weights = w;
    this.doc.gainMemo = null;
  }

  /** GAP_FEATURES of the sentences of a link bead (fitting script; see gaps.ts). */
  gapFeatures(b: BeadRange): Float64Array {
    return gapFeatures(this.doc, b);
  }

  gapEvidence(b: BeadRange): Float64Array {
    return gapEvidence(this.doc, b);
  }

  coverages(zIdx: number[], eIdx: number[]): { cz: number; ce: number } {
    const o = this.doc.cov.of(zIdx, zIdx.length, eIdx, eIdx.length);
    return { cz: o.share(o.mz, o.tz), ce: o.share(o.me, o.te) };
  }

  candidatesForEn(j: number, limit: number): number[] {
    this.candidates ??= new CandidateIndex(this.doc.zh, this.lex.keys.length + 1, this.nEn);
    return this.candidates.candidates(this.doc.en[j], j, limit);
  }

  score(zIdx: number[], eIdx: number[]): BeadScore {
    return scoreBead(this.doc, zIdx, eIdx);
  }

  parts(zIdx: number[], eIdx: number[]): ScoreParts {
    return scoreParts(this.doc, zIdx, eIdx);
  }

  /** Score a bead given by its texts within this document, after a manual edit (see score-texts.ts). */
  scoreTexts(zhTexts: string[], enTexts: string[], at: { zh?: number[]; en?: number[] } = {}): BeadScore {
    return scoreTexts(this.doc, zhTexts, enTexts, at);
  }

  learn(beads: { zh: number[]; en: number[] }[]): void {
    this.doc.gainMemo = null;
    learn(this.doc, beads);
  }

  releaseBefore(i: number): void {
    this.doc.pairs.releaseBefore(i);
  }
}

export const lexicalScorer: ScorerFactory = {
  name: "lexical",
  prepare(zh: string[], en: string[]) {
    return new LexicalDocScorer(zh, en);
  },
};

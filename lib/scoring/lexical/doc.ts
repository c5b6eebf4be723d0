/** The state of one prepared document, shared by the scorer's modules. */
import type { Lexicon } from "../../lexicon";
import { Coverage } from "./coverage";
import { PairCache } from "./evidence";
import type { GainMemo } from "./gain-memo";
import { LengthModel } from "./length";
import { SCORE_PARAMS } from "./params";
import { prepareEnglish, prepareZh, TokenKeys, weighChinese, type DocFreq } from "./prepare";
import { startEnglishPreparation } from "./prepare-thread";
import { quoteStates } from "./punctuation";
import type { EnSent, ZhSent } from "./sentences";

/** Where an edited bead stands in its document (score-texts.ts): its neighbours and quotation states. */
export interface BeadContext {
  /** document sentences just outside the bead */
  zOut: number[];
  eOut: number[];
  /** quotation state before and after the bead on each side */
  zqBefore: number;
  eqBefore: number;
  zqAfter: number;
  eqAfter: number;
}

export interface LexDoc {
  readonly keys: TokenKeys;
  /** the sentences; while an edited bead is scored its sentences are appended (score-texts.ts) */
  readonly zh: ZhSent[];
  readonly en: EnSent[];
  /** the document's own sentence counts */
  readonly nZh: number;
  readonly nEn: number;
  readonly df: DocFreq;
  /** quotation state after each sentence (quoteStates) */
  zhQ: Uint8Array;
  enQ: Uint8Array;
  readonly pairs: PairCache;
  readonly cov: Coverage;
  readonly length: LengthModel;
  /** weights of BEAD_FEATURES (SCORE_PARAMS.bead unless a fitting script sets others) */
  weights: ArrayLike<number>;
  /** translations learned in the document, by Chinese word (learn.ts) */
  learned: Map<string, Int32Array>;
  /** set while an edited bead is scored (score-texts.ts) */
  ctx: BeadContext | null;
  /** bead gains kept for later searches (DocScorer.rememberGains); dropped when the gains change */
  gainMemo: GainMemo | null;
}

export function prepareDocument(zhTexts: string[], enTexts: string[], lex: Lexicon): LexDoc {
  const keys = new TokenKeys(lex);
  // a long document's English side on a second thread, while this one prepares the Chinese side
  const pendingEn = startEnglishPreparation(enTexts);
  const zh = zhTexts.map((t) => prepareZh(keys, t));
  const zhDf = weighChinese(zh);
  const english = pendingEn?.take(keys) ?? prepareEnglish(keys, enTexts);
  const en = english.sents;
  const df: DocFreq = { zh: zhDf, en: english.df };
  const pairs = new PairCache(zh, en);
  return {
    keys,
    zh,
    en,
    nZh: zh.length,
    nEn: en.length,
    df,
    zhQ: quoteStates(zhTexts, "zh"),
    enQ: quoteStates(enTexts, "en"),
    pairs,
    cov: new Coverage(zh, en, pairs),
    length: new LengthModel(zh, en),
    weights: SCORE_PARAMS.bead,
    learned: new Map(),
    ctx: null,
    gainMemo: null,
  };
}

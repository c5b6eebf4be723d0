/**
 * Scoring the beads of an existing alignment (an aligned import) a batch at a time, without
 * keeping the whole document prepared. LexicalDocScorer prepares every sentence at once: for the
 * 111,111 units of the abuse test that grew the import job by about 700 MB, and the scores of all
 * beads kept until they were stored by 250 MB more.
 *
 * The score of a bead depends on the whole document only through its statistics: the document
 * frequencies that weigh the tokens, the sentence counts, the total lengths (the length model's
 * ratio) and the quotation states. A first pass prepares each sentence, counts these and lets it
 * go; then `score` prepares only the sentences of the beads asked for and their neighbours (the
 * `neighbour` part of ScoreParts reads them), weighed with the document's statistics, scores the
 * beads and releases them. The scores are exactly those of LexicalDocScorer.score on the whole
 * document (windowed.test.ts): the same preparation (prepare.ts), Chinese side first so that
 * the key ids interned for unknown words are the same, and the same frequencies.
 */
import { getLexicon, type Lexicon } from "../../lexicon";
import type { BeadScore } from "../types";
import { Coverage } from "./coverage";
import type { LexDoc } from "./doc";
import { PairCache } from "./evidence";
import { LengthModel } from "./length";
import { SCORE_PARAMS } from "./params";
import { prepareEn, prepareTempEn, prepareTempZh, prepareZh, TokenKeys, type DocFreq } from "./prepare";
import { quoteStates } from "./punctuation";
import { scoreBead } from "./score-texts";
import type { EnSent, ZhSent } from "./sentences";

/** A bead by document sentence indices (either side may be empty). */
export interface IndexedBead {
  zh: number[];
  en: number[];
}

type Statistics = { keys: TokenKeys; df: DocFreq; totals: { zh: number; en: number } };

/** Sentences between two looks at the event loop in WindowedBeadScorer.create (about 20–50 ms of work). */
const YIELD_EVERY = 1000;

/**
 * Sentences containing each Chinese word / English key, and the total lengths, over one pass
 * (a generator: it pauses every YIELD_EVERY sentences).
 */
function* documentStatistics(keys: TokenKeys, zhTexts: string[], enTexts: string[]): Generator<void, Statistics> {
  const df: DocFreq = { zh: new Map(), en: new Map() };
  const totals = { zh: 0, en: 0 };
  // Chinese first, as prepareDocument does: unknown keys are interned in the same order
  for (let i = 0; i < zhTexts.length; i++) {
    const s = prepareZh(keys, zhTexts[i]);
    totals.zh += s.len;
    for (const w of new Set(s.toks.map((t) => t.text))) df.zh.set(w, (df.zh.get(w) ?? 0) + 1);
    if (i % YIELD_EVERY === YIELD_EVERY - 1) yield;
  }
  for (let j = 0; j < enTexts.length; j++) {
    const s = prepareEn(keys, enTexts[j]);
    totals.en += s.len;
    for (const k of new Set(s.toks.map((t) => t.key))) df.en.set(k, (df.en.get(k) ?? 0) + 1);
    if (j % YIELD_EVERY === YIELD_EVERY - 1) yield;
  }
  return { keys, df, totals };
}

export class WindowedBeadScorer {
  private readonly doc: LexDoc;
  private readonly zhTexts: string[];
  private readonly enTexts: string[];

  /**
   * The scorer of a document, its statistics counted while the event loop goes on (a job's
   * heartbeat and cancel check are timers: the pass takes 10–30 s for 111,111 units).
   */
  static async create(zhTexts: string[], enTexts: string[], lex: Lexicon = getLexicon()): Promise<WindowedBeadScorer> {
    const pass = documentStatistics(new TokenKeys(lex), zhTexts, enTexts);
    for (;;) {
      const step = pass.next();
      if (step.done) return new WindowedBeadScorer(zhTexts, enTexts, lex, step.value);
      await new Promise((r) => setImmediate(r));
    }
  }

  /** `stats` when counted already (create), else counted here at once. */
  constructor(zhTexts: string[], enTexts: string[], lex: Lexicon = getLexicon(), stats?: Statistics) {
    this.zhTexts = zhTexts;
    this.enTexts = enTexts;
    if (!stats) {
      const pass = documentStatistics(new TokenKeys(lex), zhTexts, enTexts);
      let step = pass.next();
      while (!step.done) step = pass.next();
      stats = step.value;
    }
    const { keys, df, totals } = stats;
    // prepared sentences only while their beads are scored; every other slot stays empty
    const zh = new Array<ZhSent>(zhTexts.length);
    const en = new Array<EnSent>(enTexts.length);
    const pairs = new PairCache(zh, en);
    this.doc = {
      keys,
      zh,
      en,
      nZh: zhTexts.length,
      nEn: enTexts.length,
      df,
      zhQ: quoteStates(zhTexts, "zh"),
      enQ: quoteStates(enTexts, "en"),
      pairs,
      cov: new Coverage(zh, en, pairs),
      length: new LengthModel(zh, en, totals),
      weights: SCORE_PARAMS.bead,
      learned: new Map(),
      ctx: null,
      gainMemo: null,
    };
  }

  /** Scores of the two-sided beads (null for a one-sided one), as LexicalDocScorer.score gives them. */
  score(beads: IndexedBead[]): (BeadScore | null)[] {
    const need = { zh: new Set<number>(), en: new Set<number>() };
    for (const b of beads) {
      if (!b.zh.length || !b.en.length) continue;
      addWithNeighbours(need.zh, b.zh, this.doc.nZh);
      addWithNeighbours(need.en, b.en, this.doc.nEn);
    }
    const { doc } = this;
    for (const i of need.zh) doc.zh[i] = prepareTempZh(doc.keys, this.zhTexts[i], doc.df, doc.nZh, doc.learned);
    for (const j of need.en) doc.en[j] = prepareTempEn(doc.keys, this.enTexts[j], doc.df, doc.nEn);
    try {
      return beads.map((b) => (b.zh.length && b.en.length ? scoreBead(doc, b.zh, b.en) : null));
    } finally {
      // undefined rather than delete: the arrays keep their fast elements
      for (const i of need.zh) doc.zh[i] = undefined as unknown as ZhSent;
      for (const j of need.en) doc.en[j] = undefined as unknown as EnSent;
      doc.pairs.clear();
    }
  }
}

/** The sentences of a bead side and the two just outside it (what scoreParts reads). */
function addWithNeighbours(set: Set<number>, idx: number[], n: number) {
  let lo = n;
  let hi = -1;
  for (const i of idx) {
    set.add(i);
    lo = Math.min(lo, i);
    hi = Math.max(hi, i);
  }
  if (lo > 0) set.add(lo - 1);
  if (hi + 1 < n) set.add(hi + 1);
}

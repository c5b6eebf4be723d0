/**
 * Sentence preparation: content tokens with their lexicon keys (words, numbers, name candidates),
 * the sorted key index that pair look-ups search, and idf weights within the document.
 */
import type { Lexicon } from "../../lexicon";
import { tokenizeEnglish, segmentChinese, CHINESE_STOPWORDS, zhLength, enLength } from "../../text/tokens";
import { extractNumbers, type NumberMention } from "../../text/numbers";
import { SCORE_PARAMS } from "./params";
import { enPunct, zhPunct } from "./punctuation";
import { joinShortNames, nameSyllables } from "./names";
import { keySig } from "./evidence";
import { EMPTY_I32, EMPTY_MASK, K_LEARNED, K_LEX, K_NUMBER, maskWords, type EnSent, type EnTok, type ZhSent, type ZhTok } from "./sentences";

/**
 * Initial token weight (always set by weighZh / weighEn before use). Not an integer: the field
 * holds doubles from the start, so V8 does not migrate every token object to a new hidden class
 * when the idf weights are assigned.
 */
const W_UNSET = 0.5;

/** Lexicon keys of words and numbers, cached per document. */
export class TokenKeys {
  private readonly cands = new Map<string, Int32Array>();
  private readonly numbers = new Map<string, number>();

  constructor(readonly lex: Lexicon) {}

  /** Key ids of the translations of a Chinese word (sorted). */
  candidates(word: string): Int32Array {
    let c = this.cands.get(word);
    if (!c) {
      c = this.lex.candidates(word);
      this.cands.set(word, c);
    }
    return c;
  }

  /** number/year/ordinal match on value (2000 people ~ 2000人, 十九大 ~ 19th); dates, percents on key */
  number(n: NumberMention): number {
    const key = n.kind === "number" || n.kind === "year" || n.kind === "ordinal" ? `n:${n.value}` : n.key;
    let id = this.numbers.get(key);
    if (id === undefined) {
      id = this.lex.internKey("#" + key);
      this.numbers.set(key, id);
    }
    return id;
  }

  /** Key id of an English lemma (interned when the lexicon does not have it). */
  english(key: string): number {
    const id = this.lex.keyId(key);
    return id < 0 ? this.lex.internKey(key) : id;
  }
}

export function prepareZh(keys: TokenKeys, text: string): ZhSent {
  const nums = extractNumbers(text, "zh");
  const toks: ZhTok[] = [];
  for (const n of nums) {
    toks.push({ text: n.raw, start: n.start, end: n.end, kind: K_NUMBER, cands: Int32Array.of(keys.number(n)), learned: null, w: W_UNSET, df: 1 });
  }
  for (const w of segmentChinese(text)) {
    if (CHINESE_STOPWORDS.has(w.text)) continue;
    if (nums.some((n) => w.start < n.end && n.start < w.end)) continue;
    toks.push({ text: w.text, start: w.start, end: w.end, kind: K_LEX, cands: keys.candidates(w.text), learned: null, w: W_UNSET, df: 1 });
  }
  toks.sort((a, b) => a.start - b.start);
  const s: ZhSent = {
    text,
    toks,
    words: maskWords(toks.length),
    lkKey: EMPTY_I32,
    lkSig: EMPTY_MASK,
    lkTok: EMPTY_I32,
    lkKind: new Uint8Array(0),
    totalW: 0,
    len: zhLength(text),
    syl: null,
    charTok: null,
    punct: zhPunct(text),
  };
  indexKeys(s);
  return s;
}

export function prepareEn(keys: TokenKeys, text: string): EnSent {
  const nums = extractNumbers(text, "en");
  const toks: EnTok[] = [];
  for (const n of nums) {
    toks.push({ text: n.raw, start: n.start, end: n.end, key: keys.number(n), kind: K_NUMBER, segs: null, w: W_UNSET, df: 1 });
  }
  let hasNames = false;
  for (const t of tokenizeEnglish(text)) {
    if (t.stop || t.numeric) continue;
    if (nums.some((n) => t.start < n.end && n.start < t.end)) continue;
    const segs = nameSyllables(keys.lex, t.text, t.capitalized);
    if (segs) hasNames = true;
    toks.push({ text: t.text, start: t.start, end: t.end, key: keys.english(t.key), kind: K_LEX, segs, w: W_UNSET, df: 1 });
  }
  toks.sort((a, b) => a.start - b.start);
  joinShortNames(text, toks);
  const tokKeys = new Int32Array(toks.length);
  for (let b = 0; b < toks.length; b++) tokKeys[b] = toks[b].key;
  return { text, toks, keys: tokKeys, words: maskWords(toks.length), totalW: 0, len: enLength(text), hasNames, punct: enPunct(text) };
}

/** scratch of indexKeys (sort buffers shared by all sentences) */
let codeBuf = new Float64Array(1024);
let intBuf = new Int32Array(1024);

/**
 * The sentence's key index (lkKey, lkTok, lkKind, lkSig): every (key, token) of its translations
 * and learned keys, sorted by key, then token, then translations before learned keys. Each entry
 * is packed into one number, (key·T + token)·2 + learned with T a power of two above the token
 * count, and sorted numerically: as 32-bit integers when every code fits (most sentences), else
 * as doubles (exact while key·T·2 < 2⁵³).
 */
export function indexKeys(s: ZhSent): void {
  let n = 0;
  let maxKey = 0;
  for (const t of s.toks) {
    n += t.cands.length + (t.learned ? t.learned.length : 0);
    for (let q = 0; q < t.cands.length; q++) if (t.cands[q] > maxKey) maxKey = t.cands[q];
    if (t.learned) for (let q = 0; q < t.learned.length; q++) if (t.learned[q] > maxKey) maxKey = t.learned[q];
  }
  const T = 2 ** Math.ceil(Math.log2(s.toks.length + 1));
  s.lkKey = new Int32Array(n);
  s.lkTok = new Int32Array(n);
  s.lkKind = new Uint8Array(n);
  if ((maxKey + 1) * T * 2 <= 0x7fffffff) indexKeysInt32(s, n, T);
  else indexKeysFloat64(s, n, T);
  s.lkSig = keySig(s.lkKey);
}

/** indexKeys with codes as 32-bit integers (every code below 2³¹). */
function indexKeysInt32(s: ZhSent, n: number, T: number): void {
  if (intBuf.length < n) intBuf = new Int32Array(Math.max(n, intBuf.length * 2));
  const codes = intBuf.subarray(0, n);
  const shift = Math.log2(T) + 1;
  let p = 0;
  for (let ti = 0; ti < s.toks.length; ti++) {
    const t = s.toks[ti];
    for (let q = 0; q < t.cands.length; q++) codes[p++] = ((t.cands[q] * T + ti) * 2) | 0;
    if (t.learned) for (let q = 0; q < t.learned.length; q++) codes[p++] = ((t.learned[q] * T + ti) * 2 + 1) | 0;
  }
  codes.sort();
  for (let q = 0; q < n; q++) {
    const c = codes[q];
    const ti = (c >>> 1) & (T - 1);
    s.lkKey[q] = c >>> shift;
    s.lkTok[q] = ti;
    s.lkKind[q] = (c & 1) === 1 ? K_LEARNED : s.toks[ti].kind === K_NUMBER ? K_NUMBER : K_LEX;
  }
}

/** indexKeys with codes as doubles. */
function indexKeysFloat64(s: ZhSent, n: number, T: number): void {
  if (codeBuf.length < n) codeBuf = new Float64Array(Math.max(n, codeBuf.length * 2));
  const codes = codeBuf.subarray(0, n);
  let p = 0;
  for (let ti = 0; ti < s.toks.length; ti++) {
    const t = s.toks[ti];
    for (let q = 0; q < t.cands.length; q++) codes[p++] = (t.cands[q] * T + ti) * 2;
    if (t.learned) for (let q = 0; q < t.learned.length; q++) codes[p++] = (t.learned[q] * T + ti) * 2 + 1;
  }
  codes.sort();
  for (let q = 0; q < n; q++) {
    const c = codes[q];
    const ti = Math.floor(c / 2) % T;
    s.lkKey[q] = Math.floor(c / (2 * T));
    s.lkTok[q] = ti;
    s.lkKind[q] = c % 2 === 1 ? K_LEARNED : s.toks[ti].kind === K_NUMBER ? K_NUMBER : K_LEX;
  }
}

/** Document frequencies of the Chinese words and English keys (sentences containing them). */
export interface DocFreq {
  zh: Map<string, number>;
  en: Map<number, number>;
}

/**
 * The Chinese side of a document: counts its document frequencies, stores each token's df and
 * weighs every sentence (the two sides are weighed independently).
 */
export function weighChinese(zh: ZhSent[]): Map<string, number> {
  const df = zhDocFreq(zh);
  const nz = Math.max(1, zh.length);
  for (const s of zh) weighZh(s, nz);
  return df;
}

/** The English side: its document frequencies, each token's df, every sentence weighed. */
export function weighEnglish(en: EnSent[]): Map<number, number> {
  const df = enDocFreq(en);
  for (const s of en) for (const t of s.toks) t.df = df.get(t.key)!;
  const ne = Math.max(1, en.length);
  for (const s of en) weighEn(s, ne);
  return df;
}

/** The English sentences of a document, prepared and weighed. */
export function prepareEnglish(keys: TokenKeys, texts: string[]): { sents: EnSent[]; df: Map<number, number> } {
  const sents = texts.map((t) => prepareEn(keys, t));
  return { sents, df: weighEnglish(sents) };
}

/** Document frequencies of the Chinese words, also stored on the tokens (t.df). */
function zhDocFreq(zh: ZhSent[]): Map<string, number> {
  // word ids, so that counting once per sentence (last-seen marks) and storing need no string look-up
  const ids = new Map<string, number>();
  const df: number[] = [];
  const last: number[] = [];
  const tokIds: Int32Array[] = [];
  for (let si = 0; si < zh.length; si++) {
    const toks = zh[si].toks;
    const tid = new Int32Array(toks.length);
    for (let k = 0; k < toks.length; k++) {
      let id = ids.get(toks[k].text);
      if (id === undefined) {
        ids.set(toks[k].text, (id = df.length));
        df.push(0);
        last.push(-1);
      }
      if (last[id] !== si) {
        last[id] = si;
        df[id]++;
      }
      tid[k] = id;
    }
    tokIds.push(tid);
  }
  for (let si = 0; si < zh.length; si++) for (let k = 0; k < tokIds[si].length; k++) zh[si].toks[k].df = df[tokIds[si][k]];
  return new Map([...ids].map(([w, id]) => [w, df[id]]));
}

function enDocFreq(en: EnSent[]): Map<number, number> {
  const df = new Map<number, number>();
  const last = new Map<number, number>();
  for (let si = 0; si < en.length; si++)
    for (const t of en[si].toks) {
      if (last.get(t.key) === si) continue;
      last.set(t.key, si);
      df.set(t.key, (df.get(t.key) ?? 0) + 1);
    }
  return df;
}

/** idf weights of a sentence's tokens (their df set) among nz sentences; tokens that can never match weigh less. */
function weighZh(s: ZhSent, nz: number): void {
  s.totalW = 0;
  for (const t of s.toks) {
    let w = Math.min(Math.log(1 + nz / t.df), 8);
    if (t.cands.length === 0 && !t.learned && t.kind === K_LEX && !/[\u3400-\u9fff]{2}/.test(t.text) && t.text.length < 2)
      w *= SCORE_PARAMS.unknownWeight;
    t.w = Math.max(0.2, w);
    s.totalW += t.w;
  }
}

function weighEn(s: EnSent, ne: number): void {
  s.totalW = 0;
  for (const t of s.toks) {
    t.w = Math.max(0.2, Math.min(Math.log(1 + ne / t.df), 8));
    s.totalW += t.w;
  }
}

/**
 * A sentence that is not part of the document (an edited one), weighed with the document's
 * frequencies among its nz sentences and given the words it learned (learn.ts).
 */
export function prepareTempZh(keys: TokenKeys, text: string, df: DocFreq, nz: number, learned: Map<string, Int32Array>): ZhSent {
  const s = prepareZh(keys, text);
  for (const t of s.toks) t.df = df.zh.get(t.text) ?? 1;
  weighZh(s, Math.max(1, nz));
  for (const t of s.toks) if (t.kind === K_LEX) t.learned = learned.get(t.text) ?? null;
  if (s.toks.some((t) => t.learned)) indexKeys(s);
  return s;
}

export function prepareTempEn(keys: TokenKeys, text: string, df: DocFreq, ne: number): EnSent {
  const s = prepareEn(keys, text);
  for (const t of s.toks) t.df = df.en.get(t.key) ?? 1;
  weighEn(s, Math.max(1, ne));
  return s;
}

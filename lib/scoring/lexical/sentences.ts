/**
 * Prepared sentences of the lexical scorer. A sentence keeps its content tokens (stopwords left
 * out) with their idf weights; evidence between two sentences is a bitset over these tokens (one
 * bit per token, `words` 32-bit words).
 */
import type { MatchKind } from "../types";

/** What made a token pair match (the index of its MatchKind). */
export const K_LEX = 0;
export const K_LEARNED = 1;
export const K_NUMBER = 2;
export const K_NAME = 3;
export const KIND_NAMES: MatchKind[] = ["lexicon", "learned", "number", "name"];

export interface ZhTok {
  text: string;
  start: number;
  end: number;
  /** K_LEX (a word) or K_NUMBER */
  kind: number;
  /** lexicon key ids of the word's translations, or the number's key (sorted) */
  cands: Int32Array;
  /** key ids learned in the document (learn.ts), shared between the tokens of one word */
  learned: Int32Array | null;
  /** idf weight in the document */
  w: number;
  /** document frequency (sentences containing the word) */
  df: number;
}

export interface ZhSent {
  text: string;
  toks: ZhTok[];
  /** 32-bit words of a bitset over toks (maskWords) */
  words: number;
  /** every key id of the tokens (cands and learned), sorted, with its token and kind (indexKeys) */
  lkKey: Int32Array;
  lkTok: Int32Array;
  lkKind: Uint8Array;
  /** 1024-bit filter of lkKey (keyBit): a key whose bit is clear is not in lkKey */
  lkSig: Uint32Array;
  totalW: number;
  /** length in characters as zhLength counts them */
  len: number;
  /** name matching index (built lazily, names.ts): sorted codes syllableId·2³² + char position */
  syl: Float64Array | null;
  /** token index per char position (−1: no token), built with syl */
  charTok: Int32Array | null;
  /** punctuation flags (punctuation.ts): bit 0 quote, bit 1 question mark, bit 2 exclamation mark */
  punct: number;
}

export interface EnTok {
  text: string;
  start: number;
  end: number;
  /** key id of the lemma, or the number's key */
  key: number;
  /** K_LEX (a word) or K_NUMBER */
  kind: number;
  /** pinyin syllabifications when the word may be a romanised name (names.ts) */
  segs: string[][] | null;
  w: number;
  df: number;
}

export interface EnSent {
  text: string;
  toks: EnTok[];
  /** the tokens' keys (toks[b].key), for the pair look-ups */
  keys: Int32Array;
  words: number;
  totalW: number;
  len: number;
  hasNames: boolean;
  punct: number;
}

export const EMPTY_MASK = new Uint32Array(0);
export const EMPTY_I32 = new Int32Array(0);

/** 32-bit words of the bitset of a sentence with n tokens. */
export function maskWords(n: number): number {
  return (n + 31) >>> 5;
}

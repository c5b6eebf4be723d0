/**
 * Romanised names: a capitalised English word that spells pinyin syllables (Xu Liuping, Changchun)
 * matches the Chinese characters read that way, also when the name is not in the dictionary.
 */
import { charReadings, type Lexicon } from "../../lexicon";
import type { Link } from "./evidence";
import { K_NAME, type EnSent, type EnTok, type ZhSent } from "./sentences";

/** syllable → small integer id, and per Han char code (from U+3400) its readings' ids */
const SYLLABLE_IDS = new Map<string, number>();
const CHAR_SYL: (Int32Array | undefined)[] = [];
const SYL_STRIDE = 2 ** 32;

function charSyllableIds(code: number, ch: string): Int32Array {
  let ids = CHAR_SYL[code - 0x3400];
  if (ids === undefined) {
    ids = Int32Array.from(charReadings(ch), (r) => {
      let id = SYLLABLE_IDS.get(r);
      if (id === undefined) SYLLABLE_IDS.set(r, (id = SYLLABLE_IDS.size));
      return id;
    });
    CHAR_SYL[code - 0x3400] = ids;
  }
  return ids;
}

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (a[m] < v) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** The sentence's readings index (syl) and token per char (charTok), built on first use. */
function ensureSyllables(s: ZhSent): void {
  if (s.syl) return;
  const text = s.text;
  let n = 0;
  for (let p = 0; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (c >= 0x3400 && c <= 0x9fff) n += charSyllableIds(c, text[p]).length;
  }
  const syl = new Float64Array(n);
  n = 0;
  for (let p = 0; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (c < 0x3400 || c > 0x9fff) continue;
    const ids = CHAR_SYL[c - 0x3400]!;
    for (let q = 0; q < ids.length; q++) syl[n++] = ids[q] * SYL_STRIDE + p;
  }
  syl.sort();
  const charTok = new Int32Array(text.length).fill(-1);
  s.toks.forEach((t, ti) => {
    for (let p = t.start; p < t.end; p++) charTok[p] = ti;
  });
  s.syl = syl;
  s.charTok = charTok;
}

/** Start/end char span in the zh sentence spelling one of the syllabifications, or null. */
export function findName(s: ZhSent, segs: string[][]): [number, number] | null {
  ensureSyllables(s);
  for (const seg of segs) {
    const p = findSyllables(s.syl!, seg);
    if (p >= 0) return [p, p + seg.length];
  }
  return null;
}

/** First char position where the syllables are read in a row, or −1. */
function findSyllables(syl: Float64Array, seg: string[]): number {
  const r0 = SYLLABLE_IDS.get(seg[0]);
  if (r0 === undefined) return -1;
  // positions of the first syllable, ascending
  const lo0 = r0 * SYL_STRIDE;
  outer: for (let x = lowerBound(syl, lo0); x < syl.length && syl[x] < lo0 + SYL_STRIDE; x++) {
    const p = syl[x] - lo0;
    for (let k = 1; k < seg.length; k++) {
      const rk = SYLLABLE_IDS.get(seg[k]);
      if (rk === undefined) continue outer;
      const code = rk * SYL_STRIDE + p + k;
      const at = lowerBound(syl, code);
      if (at >= syl.length || syl[at] !== code) continue outer;
    }
    // single-syllable names only when the char is not a common word by itself
    if (seg.length === 1 && seg[0].length < 3) continue;
    return p;
  }
  return -1;
}

/**
 * Evidence of the English name candidates spelled by characters of the Chinese sentence: the
 * name's bit and the bits of the tokens of its span are set (see evidence.ts fillPair).
 */
export function matchNames(zs: ZhSent, es: EnSent, links: Link[] | null, mask: Uint32Array, off: number): boolean {
  let hit = false;
  for (let b = 0; b < es.toks.length; b++) {
    const t = es.toks[b];
    if (!t.segs) continue;
    const span = findName(zs, t.segs);
    if (!span) continue;
    hit = true;
    mask[off + zs.words + (b >>> 5)] |= 1 << (b & 31);
    const ct = zs.charTok!;
    let tokens = 0;
    for (let p = span[0]; p < span[1]; p++) {
      const ti = ct[p];
      if (ti < 0 || ct.indexOf(ti, span[0]) < p) continue; // no token, or one seen at an earlier char
      tokens++;
      mask[off + (ti >>> 5)] |= 1 << (ti & 31);
      if (links) links.push([ti, b, K_NAME]);
    }
    if (tokens === 0 && links) links.push([-1 - span[0], b, K_NAME]);
  }
  return hit;
}

/** Pinyin syllabifications of an English word that may be a romanised name, or null. */
export function nameSyllables(lex: Lexicon, word: string, capitalized: boolean): string[][] | null {
  if (!capitalized || word.length < 2) return null;
  const sy = lex.syllabify(word);
  return sy.length ? sy : null;
}

/**
 * A short one-syllable name (Xu, Li, Wu) only counts together with the following name
 * (Xu Liuping): joined with it, else dropped. `toks` in text order.
 */
export function joinShortNames(text: string, toks: EnTok[]): void {
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k];
    if (!t.segs || t.text.length > 2) continue;
    const next = toks[k + 1];
    const gapText = next ? text.slice(t.end, next.start) : "";
    if (next && next.segs && /^[\s-]*$/.test(gapText)) t.segs = t.segs.flatMap((a) => next.segs!.map((b) => [...a, ...b])).slice(0, 6);
    else t.segs = null;
  }
}

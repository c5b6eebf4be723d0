/**
 * Bilingual EN–ZH lexicon (CC-CEDICT), usable in both directions, plus pinyin
 * helpers for matching romanised names. Built once per process.
 */
import { createRequire } from "node:module";
import { loadCompactLexicon, type CompactLexicon } from "./cedict";
import { englishKey } from "../text/tokens";

export { englishKey, tokenizeEnglish, lemma } from "../text/tokens";
export type { EnglishToken } from "../text/tokens";

const EMPTY = new Int32Array(0);

// pinyin-pro (~50 ms to load) on first use: preparing English sentences on a thread never needs it
const req = createRequire(import.meta.url);
let pinyinPro: typeof import("pinyin-pro") | null = null;
const pinyinLib = () => (pinyinPro ??= req("pinyin-pro") as typeof import("pinyin-pro"));

export class Lexicon {
  readonly keys: string[];
  private readonly keyIds = new Map<string, number>();
  private readonly zh = new Map<string, Int32Array>();
  private reverse: Map<number, string[]> | null = null;
  readonly syllables: ReadonlySet<string>;
  readonly maxWordLen: number;
  /** document-frequency-like weight of each English key in the dictionary: rare glosses weigh more */
  private readonly keyFanout: Uint32Array;

  constructor(compact: CompactLexicon) {
    this.keys = compact.keys;
    for (let i = 0; i < this.keys.length; i++) this.keyIds.set(this.keys[i], i);
    let maxLen = 1;
    this.keyFanout = new Uint32Array(this.keys.length);
    const { words, offsets, ids } = compact;
    for (let w = 0; w < words.length; w++) {
      // ids are sorted per word in the compact form: share one buffer, no copies
      this.zh.set(words[w], ids.subarray(offsets[w], offsets[w + 1]));
      if (words[w].length > maxLen) maxLen = words[w].length;
    }
    for (let k = 0; k < ids.length; k++) this.keyFanout[ids[k]]++;
    this.maxWordLen = Math.min(maxLen, 8);
    this.syllables = new Set(compact.syllables);
  }

  keyId(key: string): number {
    return this.keyIds.get(key) ?? -1;
  }

  /** Add a key id for a key not in the dictionary (document-local words). */
  internKey(key: string): number {
    let id = this.keyIds.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.keys.push(key);
      this.keyIds.set(key, id);
    }
    return id;
  }

  has(zhWord: string): boolean {
    return this.zh.has(zhWord);
  }

  /** English key ids that translate the exact Chinese word (empty when not in the dictionary). */
  idsOf(zhWord: string): Int32Array {
    return this.zh.get(zhWord) ?? EMPTY;
  }

  /**
   * Key ids for a Chinese token: the word itself when in the dictionary,
   * otherwise the union over a greedy longest-match split into dictionary words.
   */
  candidates(zhWord: string): Int32Array {
    const direct = this.zh.get(zhWord);
    if (direct) return direct;
    if (zhWord.length < 2) return EMPTY;
    const acc = new Set<number>();
    let i = 0;
    while (i < zhWord.length) {
      let found = 0;
      for (let L = Math.min(this.maxWordLen, zhWord.length - i); L >= 1; L--) {
        const ids = this.zh.get(zhWord.slice(i, i + L));
        if (ids) {
          for (const id of ids) acc.add(id);
          found = L;
          break;
        }
      }
      i += found || 1;
    }
    return Int32Array.from(acc).sort();
  }

  /** English translations (keys) of a Chinese word. */
  translate(zhWord: string): string[] {
    return [...this.candidates(zhWord)].map((id) => this.keys[id]);
  }

  /** Chinese words whose glosses contain the English word (any inflection). */
  reverseLookup(enWord: string): string[] {
    if (!this.reverse) {
      this.reverse = new Map();
      for (const [w, ids] of this.zh) {
        for (const id of ids) {
          let l = this.reverse.get(id);
          if (!l) this.reverse.set(id, (l = []));
          l.push(w);
        }
      }
    }
    const id = this.keyId(englishKey(enWord));
    return id < 0 ? [] : (this.reverse.get(id) ?? []);
  }

  /** True when the (zh word, English word) pair is a dictionary translation. */
  translates(zhWord: string, enWord: string): boolean {
    const id = this.keyId(englishKey(enWord));
    if (id < 0) return false;
    const c = this.candidates(zhWord);
    for (let k = 0; k < c.length; k++) if (c[k] === id) return true;
    return false;
  }

  /** How many dictionary words gloss to this key (1 = very specific). */
  fanout(id: number): number {
    return id < this.keyFanout.length ? this.keyFanout[id] : 1;
  }

  /** All ways to split a romanised word into dictionary pinyin syllables (at most `limit`). */
  syllabify(word: string, limit = 4): string[][] {
    const w = word.toLowerCase().replace(/ü/g, "v");
    if (!/^[a-z]+$/.test(w) || w.length > 24) return [];
    const out: string[][] = [];
    const cur: string[] = [];
    const rec = (i: number) => {
      if (out.length >= limit) return;
      if (i === w.length) {
        out.push([...cur]);
        return;
      }
      for (let L = Math.min(6, w.length - i); L >= 1; L--) {
        const s = w.slice(i, i + L);
        if (this.syllables.has(s)) {
          cur.push(s);
          rec(i + L);
          cur.pop();
        }
      }
    };
    rec(0);
    return out;
  }
}

let instance: Lexicon | null = null;

/** The process-wide lexicon (loaded from the cache or built on first use). */
export function getLexicon(): Lexicon {
  if (!instance) instance = new Lexicon(loadCompactLexicon());
  return instance;
}

const readingCache = new Map<string, string[]>();

/** Toneless pinyin readings of one Han character (pinyin-pro, all readings). */
export function charReadings(ch: string): string[] {
  let r = readingCache.get(ch);
  if (r === undefined) {
    const raw = pinyinLib().pinyin(ch, { toneType: "none", multiple: true, type: "array", v: true }) as string[];
    r = [...new Set(raw.map((x) => x.toLowerCase()).filter((x) => /^[a-z]+$/.test(x)))];
    readingCache.set(ch, r);
  }
  return r;
}

/** Toneless pinyin of a Chinese word as one lowercase string (context-aware reading). */
export function wordPinyin(word: string): string {
  return (pinyinLib().pinyin(word, { toneType: "none", type: "array", v: true }) as string[]).join("").toLowerCase();
}

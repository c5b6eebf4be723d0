/**
 * Shared, cached per-sentence analysis (tokens, numbers) used by the checks.
 * Everything here delegates to lib/text and lib/lexicon; nothing is re-implemented.
 */
import { extractNumbers, type NumberMention } from "../text/numbers";
import { segmentChinese, tokenizeEnglish, getJieba, type EnglishToken, type ZhWord } from "../text/tokens";
import { LRUCache } from "lru-cache";

/** Sentences remembered per analysis (the most recently used). */
const MAX = 20000;
const lru = <T extends object>() => new LRUCache<string, T>({ max: MAX });
const zhCache = lru<ZhWord[]>();
const enCache = lru<EnglishToken[]>();
const numCache = lru<NumberMention[]>();

function cached<T extends object>(m: LRUCache<string, T>, k: string, f: () => T): T {
  let v = m.get(k);
  if (v === undefined) {
    v = f();
    m.set(k, v);
  }
  return v;
}

/** jieba words (no HMM) with offsets; punctuation dropped, stop-words kept. */
export const zhWords = (t: string) => cached(zhCache, t, () => segmentChinese(t));
export const enTokens = (t: string) => cached(enCache, t, () => tokenizeEnglish(t));
export const numbers = (t: string, lang: "zh" | "en") => cached(numCache, lang + "\u0000" + t, () => extractNumbers(t, lang));

export interface TaggedWord {
  word: string;
  tag: string;
  start: number;
  end: number;
}
const tagCache = lru<TaggedWord[]>();
/** jieba POS tags (nr person, ns place, nt organisation…), with offsets. */
export function zhTagged(t: string): TaggedWord[] {
  return cached(tagCache, t, () => {
    const j = getJieba() as unknown as { tag?: (s: string, hmm?: boolean) => { word: string; tag: string }[] };
    if (typeof j.tag !== "function") return [];
    const out: TaggedWord[] = [];
    let pos = 0;
    for (const { word, tag } of j.tag(t, false)) {
      const s = t.startsWith(word, pos) ? pos : t.indexOf(word, pos);
      if (s < 0) continue;
      out.push({ word, tag, start: s, end: s + word.length });
      pos = s + word.length;
    }
    return out;
  });
}

export const HAN_RE = /[\u3400-\u9fff\uf900-\ufaff]/;
export const isHan = (c: string) => HAN_RE.test(c);

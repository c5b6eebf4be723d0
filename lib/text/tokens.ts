/**
 * The one tokeniser module for English and Chinese (used by the scorer, the
 * lexicon builder and anything else). Hot path (the speed benchmark tokenises
 * ~1M English words and ~1.5M Chinese characters):
 *
 *  - English: precompiled regexes; every word TYPE is analysed once (lemma,
 *    matching key, stop-word flag) and cached, so a token costs one Map lookup;
 *  - Chinese: one lazily created jieba singleton (a batched cut of the whole
 *    document was measured: no faster than one native call per sentence).
 */
import { createRequire } from "node:module";

// createRequire instead of `import`: no ambient type declarations needed for the
// CommonJS packages, and both load lazily on first use.
const req = createRequire(import.meta.url);

interface Lemmatizer {
  noun(w: string): string;
  verb(w: string): string;
  adjective(w: string): string;
}
let wink: Lemmatizer | null = null;
const lemmatizer = (): Lemmatizer => (wink ??= req("wink-lemmatizer") as Lemmatizer);

// ---------------------------------------------------------------------------
// English

/** Function words (modern and archaic) ignored when scoring and by englishWords: content words carry the signal. */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  (
    "a an the and or but nor so yet if then than that this these those there here " +
    "of to in on at by for with from into onto upon about as over under up down out off " +
    "be is am are was were been being do does did doing done have has had having " +
    "i me my mine myself we us our ours ourselves you your yours yourself yourselves " +
    "he him his himself she her hers herself it its itself they them their theirs themselves " +
    "what which who whom whose when where why how all any both each few more most other " +
    "some such no not only own same too very can will just should would could shall may might must " +
    "s t d ll m o re ve y don't isn't wasn't aren't weren't won't can't couldn't shouldn't " +
    "also even ever again once while because until through during before after above below " +
    "between against further let unto thee thou thy ye hath doth shalt"
  ).split(" "),
);

// Number words are handled by numbers.ts, not lexical overlap.
// prettier-ignore
const NUMBER_WORDS: ReadonlySet<string> = new Set([
  "zero","one","two","three","four","five","six","seven","eight","nine","ten","eleven","twelve",
  "thirteen","fourteen","fifteen","sixteen","seventeen","eighteen","nineteen","twenty","thirty",
  "forty","fifty","sixty","seventy","eighty","ninety","hundred","thousand","million","billion",
  "trillion","first","second","third","fourth","fifth","sixth","seventh","eighth","ninth","tenth",
  "percent",
]);

// ---------------------------------------------------------------------------
// English word types: lemma and key computed once per lower-case form

/**
 * Lemma of a lower-case word. wink-lemmatizer needs a POS, which we don't have:
 * try verb (built -> build, ran -> run), then noun (cities -> city, men -> man),
 * then adjective (larger -> large); the first form that changes the word wins.
 */
function computeLemma(w: string): string {
  if (w.length <= 2 || !/^[a-z]+$/.test(w)) return w;
  const lz = lemmatizer();
  let l = lz.verb(w);
  if (l === w) l = lz.noun(w);
  if (l === w) l = lz.adjective(w);
  return l;
}

/** Light derivational stripping applied after lemmatisation (quickly→quick, happiness→happy). */
export function stripDerivation(w: string): string {
  if (w.length > 6 && w.endsWith("iness")) return w.slice(0, -5) + "y";
  if (w.length > 6 && w.endsWith("ness")) return w.slice(0, -4);
  if (w.length > 5 && w.endsWith("ily")) return w.slice(0, -3) + "y";
  if (w.length > 5 && w.endsWith("ally")) return w.slice(0, -4);
  if (w.length > 4 && w.endsWith("ly") && !w.endsWith("lly")) return w.slice(0, -2);
  if (w.length > 7 && w.endsWith("ment")) return w.slice(0, -4);
  if (w.length > 6 && w.endsWith("ful")) return w.slice(0, -3);
  return w;
}

/** Cached analysis of one lower-case word form. */
interface WordType {
  lemma: string;
  /** lemma + light derivational stem, possessive dropped: the matching key */
  key: string;
  stop: boolean;
}

const TYPE_CACHE_MAX = 500_000;
const types = new Map<string, WordType>();

function wordType(lower: string): WordType {
  let t = types.get(lower);
  if (t !== undefined) return t;
  const norm = lower.indexOf("’") >= 0 ? lower.replace(/’/g, "'") : lower;
  const base = norm.indexOf("'") >= 0 ? norm.replace(/'s$/, "").replace(/'$/, "") : norm;
  const lemma = norm === lower ? computeLemma(lower) : wordType(norm).lemma;
  // the matching key lemmatises only words of 4+ letters: 3-letter forms (saw, led,
  // bid) are too ambiguous without a POS tag
  const keyLemma = base.length <= 3 ? base : base === norm ? lemma : computeLemma(base);
  t = { lemma, key: stripDerivation(keyLemma), stop: ENGLISH_STOPWORDS.has(norm) };
  if (types.size >= TYPE_CACHE_MAX) types.clear();
  types.set(lower, t);
  return t;
}

/** WordNet lemma of a lower-case word (verb, then noun, then adjective; cached per word type). */
export function lemma(lower: string): string {
  return wordType(lower).lemma;
}

/** Normalised matching key of one English word (any case): lemma + light stem, possessive dropped. */
export function englishKey(word: string): string {
  return wordType(word.toLowerCase()).key;
}

export interface EnglishToken {
  text: string;
  start: number;
  end: number;
  /** lowercase surface */
  lower: string;
  /** normalised key (lemma + light stem) */
  key: string;
  /** true for a word written with an initial capital (candidate name) */
  capitalized: boolean;
  /** true when the token is digits */
  numeric: boolean;
  /** true for a stop-word (ENGLISH_STOPWORDS) */
  stop: boolean;
}

const WORD_RE = /[A-Za-z\u00C0-\u024F]+(?:['’][A-Za-z]+)*|\d+(?:[.,:]\d+)*/g;

/** Tokenise English text into words (and digit groups) with character offsets; stop-words flagged. */
export function tokenizeEnglish(text: string): EnglishToken[] {
  const out: EnglishToken[] = [];
  WORD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD_RE.exec(text)) !== null) {
    const t = m[0];
    const c = t.charCodeAt(0);
    const numeric = c >= 48 && c <= 57;
    const lower = t.toLowerCase();
    const type = numeric ? null : wordType(lower);
    out.push({
      text: t,
      start: m.index,
      end: m.index + t.length,
      lower,
      key: type ? type.key : t,
      capitalized: c >= 65 && c <= 90,
      numeric,
      stop: type ? type.stop : false,
    });
  }
  return out;
}

/** Content-word keys of a gloss or phrase (stop-words removed). */
export function glossKeys(gloss: string): string[] {
  // same as filtering tokenizeEnglish(gloss), without building token objects (lexicon build)
  const out: string[] = [];
  WORD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD_RE.exec(gloss)) !== null) {
    const c = m[0].charCodeAt(0);
    if (c >= 48 && c <= 57) continue;
    const t = wordType(m[0].toLowerCase());
    if (t.stop || t.key.length < 2) continue;
    out.push(t.key);
  }
  return out;
}

// Letters only: apostrophe tails ("company's" -> company + s, "don't" -> don + t)
// fall out as 1-letter tokens or stop-words, digits are never matched.
const EN_WORD_RE = /[a-z]+/g;

/** Lower-cased lemmas without stop-words, number words, digits or punctuation. */
export function englishWords(text: string): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase();
  EN_WORD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = EN_WORD_RE.exec(lower)) !== null) {
    const w = m[0];
    if (w.length < 2) continue;
    const t = wordType(w);
    if (t.stop || NUMBER_WORDS.has(w)) continue;
    const l = t.lemma;
    if (l === w || !(ENGLISH_STOPWORDS.has(l) || NUMBER_WORDS.has(l))) out.push(l);
  }
  return out;
}

// Capitalised token (Xu, Liuping, McDonald, FAW, Jilin-based). Apostrophe tail dropped.
const CAP_TOKEN_RE = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*|[.!?。！？;:,，、()"“”]/gu;
const IS_CAP_RE = /^\p{Lu}/u;
const SENT_END = new Set([".", "!", "?", "。", "！", "？", ":", ";"]);
const RUN_BREAK = new Set([",", "，", "、", "(", ")", '"', "“", "”"]);

/**
 * Proper-name candidates: runs of consecutive capitalised words, joined by a
 * space ("Xu Liuping", "Changchun", "China FAW"). A single capitalised word at
 * sentence start is skipped (it is capitalised for grammar, not because it is a
 * name); a run at sentence start loses its first word only when that word is a
 * stop-word ("The Hongqi Town" -> "Hongqi Town"). "I" is never a name.
 */
export function englishCapitalized(text: string): string[] {
  const out: string[] = [];
  let run: string[] = [];
  let runAtStart = false;
  let atStart = true;
  const flush = () => {
    if (run.length > 0) {
      let r = run;
      if (runAtStart) {
        if (r.length === 1) r = [];
        else if (ENGLISH_STOPWORDS.has(r[0].toLowerCase())) r = r.slice(1);
      }
      if (r.length > 0) out.push(r.join(" "));
    }
    run = [];
  };
  CAP_TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CAP_TOKEN_RE.exec(text)) !== null) {
    let tok = m[0];
    if (SENT_END.has(tok)) {
      flush();
      atStart = true;
      continue;
    }
    if (RUN_BREAK.has(tok)) {
      flush();
      continue;
    }
    const q = tok.search(/['’]s$/);
    if (q !== -1) tok = tok.slice(0, q);
    if (IS_CAP_RE.test(tok) && tok !== "I") {
      if (run.length === 0) runAtStart = atStart;
      run.push(tok);
    } else flush();
    atStart = false;
  }
  flush();
  return out;
}

// ---------------------------------------------------------------------------
// Chinese

interface JiebaLike {
  cut(sentence: string, hmm?: boolean | null): string[];
}
let jieba: JiebaLike | null = null;

/** Lazy singleton: loading the dictionary takes ~100 ms, do it once, on first use. */
export function getJieba(): JiebaLike {
  if (jieba === null) {
    const { Jieba } = req("@node-rs/jieba") as { Jieba: { withDict(d: Uint8Array): JiebaLike } };
    const { dict } = req("@node-rs/jieba/dict") as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
  }
  return jieba;
}

/** Function words with no useful translation evidence. */
export const CHINESE_STOPWORDS: ReadonlySet<string> = new Set(
  (
    "的 地 得 之 了 着 过 吗 呢 吧 啊 呀 么 嘛 哦 哈 是 在 和 与 及 并 而 或 就 也 都 还 又 才 却 则 把 被 给 对 从 向 " +
    "于 以 其 这 那 这个 那个 这些 那些 这样 那样 个 些 所 等 但 但是 而且 因为 所以 如果 虽然 一 一个 一些 有 没 没有 不 " +
    "我 你 他 她 它 我们 你们 他们 她们 它们 自己 咱们 您 该 此 之后 之前 已 已经 很 更 最 太 将 要 会 能 可以 可 让 使 " +
    "上 下 里 中 来 去 到 得到 说道 嗯 呃 啦 罢了 而已 似的 一样"
  ).split(" "),
);

export interface ZhWord {
  text: string;
  start: number;
  end: number;
}

// A content word has a Han character, a Latin letter or a digit.
const CONTENT_RE = /[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9]/;

function wordsOf(text: string, parts: string[], from: number, to: number, pos0: number, out: ZhWord[]): void {
  let pos = pos0;
  for (let k = from; k < to; k++) {
    const p = parts[k];
    let start = pos;
    if (!text.startsWith(p, pos)) {
      start = text.indexOf(p, pos);
      if (start < 0) start = pos;
    }
    const end = start + p.length;
    pos = end;
    if (CONTENT_RE.test(p)) out.push({ text: p, start, end });
  }
}

/**
 * Segment a Chinese sentence (jieba, HMM off unless asked); content words only
 * (punctuation/space dropped), with UTF-16 offsets. Stop-words are kept: filter
 * with CHINESE_STOPWORDS.
 */
export function segmentChinese(text: string, hmm = false): ZhWord[] {
  const out: ZhWord[] = [];
  if (text.length === 0) return out;
  const parts = getJieba().cut(text, hmm);
  wordsOf(text, parts, 0, parts.length, 0, out);
  return out;
}

// Tokens made only of punctuation, symbols, spaces or digits.
const ZH_JUNK_RE = /^[\s\p{P}\p{S}0-9０-９.]+$/u;

/** jieba words (HMM on) without punctuation, stop-words or bare digits. */
export function chineseWords(text: string): string[] {
  if (text.length === 0) return [];
  const words = getJieba().cut(text, true);
  const out: string[] = [];
  for (const w of words) {
    if (ZH_JUNK_RE.test(w) || CHINESE_STOPWORDS.has(w)) continue;
    out.push(w);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Length units

/** Number of content characters (Han, letters, digits) — the Chinese length unit. */
export function zhLength(text: string): number {
  let n = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if ((c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) n += 1;
    else if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) n += 0.35;
  }
  return n;
}

/** Number of English content characters (letters, digits). */
export function enLength(text: string): number {
  let n = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0) n++;
  }
  return n;
}

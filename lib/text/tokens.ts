/**
 * Tokenisers for the pair scorer. Hot path (the speed benchmark tokenises ~1M
 * English words): precompiled regexes, a bounded lemma cache, lazy jieba.
 */
import { createRequire } from "node:module";

// createRequire instead of `import`: no ambient type declarations needed for the
// two CommonJS packages, and both load lazily on first use.
const req = createRequire(import.meta.url);

interface Lemmatizer {
  noun(w: string): string;
  verb(w: string): string;
  adjective(w: string): string;
}
let wink: Lemmatizer | null = null;
const lemmatizer = (): Lemmatizer => (wink ??= req("wink-lemmatizer") as Lemmatizer);

// prettier-ignore
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set([
  "a","about","above","after","again","against","all","also","am","an","and","any","are","as","at",
  "be","because","been","before","being","below","between","both","but","by","can","could","did",
  "do","does","doing","down","during","each","either","etc","ever","few","for","from","further","had",
  "has","have","having","he","her","here","hers","herself","him","himself","his","how","however","i",
  "if","in","into","is","it","its","itself","just","let","like","may","me","might","more","most",
  "much","must","my","myself","neither","no","nor","not","now","of","off","on","once","only","or",
  "other","ought","our","ours","ourselves","out","over","own","per","rather","said","same","say",
  "says","shall","she","should","since","so","some","such","than","that","the","their","theirs",
  "them","themselves","then","there","these","they","this","those","though","through","thus","to",
  "too","under","until","up","upon","us","very","via","was","we","were","what","when","where",
  "whether","which","while","who","whom","whose","why","will","with","within","without","would",
  "yet","you","your","yours","yourself","yourselves","s","t","d","ll","re","ve","m","don","didn",
  "doesn","isn","wasn","weren","won","wouldn","couldn","shouldn","hasn","haven","hadn","aren","can't",
  "also","among","another","many","every","even","one","ones","get","got","make","made",
]);

// Number words are handled by numbers.ts, not lexical overlap.
// prettier-ignore
const NUMBER_WORDS = new Set([
  "zero","one","two","three","four","five","six","seven","eight","nine","ten","eleven","twelve",
  "thirteen","fourteen","fifteen","sixteen","seventeen","eighteen","nineteen","twenty","thirty",
  "forty","fifty","sixty","seventy","eighty","ninety","hundred","thousand","million","billion",
  "trillion","first","second","third","fourth","fifth","sixth","seventh","eighth","ninth","tenth",
  "percent",
]);

// Letters only: apostrophe tails ("company's" -> company + s, "don't" -> don + t)
// fall out as 1-letter tokens or stop-words, digits are never matched.
const EN_WORD_RE = /[a-z]+/g;
// One lookup instead of two in the hot loop.
const SKIP = new Set<string>([...ENGLISH_STOPWORDS, ...NUMBER_WORDS]);
const LEMMA_CACHE_MAX = 200_000;
const lemmaCache = new Map<string, string>();

/**
 * Lemma for a lower-case word. wink-lemmatizer needs a POS, which we don't have:
 * try noun (cities -> city), then verb (built -> build, leading -> lead), then
 * adjective (larger -> large); the first form that changes the word wins.
 */
function lemma(w: string): string {
  let l = lemmaCache.get(w);
  if (l !== undefined) return l;
  if (w.length <= 2) l = w;
  else {
    const lz = lemmatizer();
    l = lz.noun(w);
    if (l === w) l = lz.verb(w);
    if (l === w) l = lz.adjective(w);
  }
  if (lemmaCache.size >= LEMMA_CACHE_MAX) lemmaCache.clear();
  lemmaCache.set(w, l);
  return l;
}

/** Lower-cased lemmas without stop-words, numbers or punctuation. */
export function englishWords(text: string): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase();
  EN_WORD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = EN_WORD_RE.exec(lower)) !== null) {
    const w = m[0];
    if (w.length < 2 || SKIP.has(w)) continue;
    const l = lemma(w);
    if (l === w || !SKIP.has(l)) out.push(l);
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
function getJieba(): JiebaLike {
  if (jieba === null) {
    const { Jieba } = req("@node-rs/jieba") as { Jieba: { withDict(d: Uint8Array): JiebaLike } };
    const { dict } = req("@node-rs/jieba/dict") as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
  }
  return jieba;
}

// prettier-ignore
export const CHINESE_STOPWORDS: ReadonlySet<string> = new Set([
  "的","了","是","在","和","与","及","等","也","都","而","并","就","又","把","被","对","将","从","向",
  "以","为","于","之","其","这","那","此","该","个","着","过","地","得","所","或","还","让","由","给",
  "以及","及其","一个","一些","这些","那些","这个","那个","这种","我们","他们","她们","它","它们","自己",
  "有","会","能","要","可以","已","已经","没有","不","很","更","最","即","则","但","但是","而且","并且",
  "因为","所以","如果","虽然","就是","还是","或者","以及","等等","之一","一","中","上","下","里","来",
  "去","到","说","吗","呢","吧","啊","呀","么","啦","哦","嘛","我","你","他","她","您","咱们","各",
  "每","某","本","该","同","跟","向","往","随着","通过","进行","为了","关于","对于","作为","其中",
]);
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

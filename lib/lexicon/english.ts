/**
 * English normalisation shared by the lexicon builder and the scorer, so that
 * dictionary glosses and sentence words reduce to the same "key":
 * lowercase → WordNet lemma (wink-lemmatizer) → light derivational suffix strip.
 */
import lemmatizer from "wink-lemmatizer";

/** Function words ignored when scoring (kept small: content words carry the signal). */
export const SCORING_STOPWORDS: ReadonlySet<string> = new Set(
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
  ).split(/\s+/),
);

const lemmaCache = new Map<string, string>();

/** WordNet lemma of a lowercase word (verb, then noun, then adjective). */
export function lemma(lower: string): string {
  const hit = lemmaCache.get(lower);
  if (hit !== undefined) return hit;
  let out = lower;
  if (lower.length > 3 && /^[a-z]+$/.test(lower)) {
    const v = lemmatizer.verb(lower);
    if (v !== lower) out = v;
    else {
      const n = lemmatizer.noun(lower);
      if (n !== lower) out = n;
      else out = lemmatizer.adjective(lower);
    }
  }
  if (lemmaCache.size > 200_000) lemmaCache.clear();
  lemmaCache.set(lower, out);
  return out;
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

const keyCache = new Map<string, string>();

/** Normalised matching key of one English word (any case). */
export function englishKey(word: string): string {
  const lower = word.toLowerCase().replace(/’/g, "'");
  const hit = keyCache.get(lower);
  if (hit !== undefined) return hit;
  let w = lower.replace(/'s$/, "").replace(/'$/, "");
  w = stripDerivation(lemma(w));
  if (keyCache.size > 200_000) keyCache.clear();
  keyCache.set(lower, w);
  return w;
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
}

const WORD_RE = /[A-Za-z\u00C0-\u024F]+(?:['’][A-Za-z]+)*|\d+(?:[.,:]\d+)*/g;

/** Tokenise English text into words with character offsets. Stop-words are flagged by the caller. */
export function tokenizeEnglish(text: string): EnglishToken[] {
  const out: EnglishToken[] = [];
  WORD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD_RE.exec(text)) !== null) {
    const t = m[0];
    const c = t.charCodeAt(0);
    const numeric = c >= 48 && c <= 57;
    const lower = t.toLowerCase();
    out.push({
      text: t,
      start: m.index,
      end: m.index + t.length,
      lower,
      key: numeric ? t : englishKey(t),
      capitalized: c >= 65 && c <= 90,
      numeric,
    });
  }
  return out;
}

/** Content-word keys of a gloss or phrase (stop-words removed). */
export function glossKeys(gloss: string): string[] {
  const out: string[] = [];
  for (const tok of tokenizeEnglish(gloss)) {
    if (tok.numeric) continue;
    if (SCORING_STOPWORDS.has(tok.lower)) continue;
    if (tok.key.length < 2) continue;
    out.push(tok.key);
  }
  return out;
}

/**
 * name.missing — a person or place name on one side with no counterpart on the other.
 *
 * English → Chinese: name candidates are runs of capitalised words (a sentence-
 * initial word only when it looks like a romanised name), keeping runs with at
 * least one "name-like" word (not a stop-word, not a common capitalised word such
 * as Mr/God/Party, and either not an ordinary English word — CC-CEDICT gloss with a
 * large fan-out or written in lower case elsewhere in the document — or spelt as
 * ≥ 2 pinyin syllables). A run has a counterpart when its pinyin spells a
 * contiguous run of Chinese characters (Xu Liuping ↔ 徐留平, any reading of each
 * character), when the lexicon translates a Chinese word into one of its name-like
 * words (北京 → Beijing, 中国 → China), or when it is written in Latin letters in
 * the Chinese too (FAW).
 * Chinese → English: Chinese names learnt from the document (spans matched to an
 * English name in some pair: DocContext.names) and dictionary place names (jieba
 * tag ns with a lexicon translation) must be matched by pinyin or lexicon in the
 * English of every pair they occur in.
 * Legitimate translation choices are not reported: pronoun explicitation, names of
 * the document's main characters/settings (≥ FREQUENT_NAME_SHARE of the pairs mention
 * them: DocContext.enNameShare) written for a Chinese pronoun or zero subject, and
 * Chinese speaker tags (X道：“…”) left out of an English that gives only the quotation.
 */
import { getLexicon, charReadings, wordPinyin } from "../lexicon";
import { englishKey, ENGLISH_STOPWORDS, CHINESE_STOPWORDS, type EnglishToken } from "../text/tokens";
import { enTokens, zhWords, zhTagged, isHan } from "./analyse";
import type { QaPairInput, QaEvidence, DocContext } from "./types";
import { ev, quote, type IssueSink } from "./util";

// Capitalised words that are not names (titles, religion, calendar, institutions).
// prettier-ignore
const COMMON_CAPS = new Set([
  "mr","mrs","ms","miss","dr","sir","madam","madame","lord","lady","god","gods","heaven","buddha","bodhisattva","party",
  "comrade","comrades","chairman","president","premier","secretary","director","general","captain","professor","teacher",
  "uncle","aunt","auntie","grandma","grandpa","granny","mother","father","mom","mum","dad","brother","sister","master",
  "monday","tuesday","wednesday","thursday","friday","saturday","sunday","january","february","march","april","may","june",
  "july","august","september","october","november","december","ok","okay","oh","ah","hey","yes","no","well","now","then",
  "chapter","part","volume","section","figure","table","street","road","town","city","village","province","county","district",
  "river","mountain","lake","university","company","group","committee","government","ministry","bureau","center","centre",
  "new","old","great","big","little","east","west","north","south","eastern","western","northern","southern","central",
]);
// Demonyms / adjectives → Chinese spellings of the country
const DEMONYM: Record<string, string[]> = {
  chinese: ["中国", "中", "华", "汉"], american: ["美国", "美"], japanese: ["日本", "日"], british: ["英国", "英"],
  english: ["英国", "英语", "英文", "英"], french: ["法国", "法"], german: ["德国", "德"], russian: ["俄", "苏"],
  soviet: ["苏联", "苏"], korean: ["韩", "朝鲜"], european: ["欧"], western: ["西方", "西"], asian: ["亚"],
};

function isEnglishWord(lower: string, docLower: ReadonlySet<string>): boolean {
  if (docLower.has(lower)) return true;
  const lex = getLexicon();
  const id = lex.keyId(englishKey(lower));
  return id >= 0 && lex.fanout(id) >= 50;
}

export interface NameRun {
  sentence: number;
  start: number;
  end: number;
  text: string;
  words: EnglishToken[];
  /** indices into words of the name-like words */
  nameLike: number[];
}

const SENT_PUNCT = /(?:^|[.!?:;…—])["”’'")\]]*\s*["“‘'(]?\s*$/;
const lowerOf = (w: EnglishToken) => w.lower.replace(/['’]s$/, "").replace(/['’]$/, "");
const possessive = (w: EnglishToken) => /['’]s?$/.test(w.text);

/** Capitalised runs with offsets; `docLower` = words seen in lower case in the document. */
export function englishNameRuns(text: string, sentence: number, docLower: ReadonlySet<string>, loose = false): NameRun[] {
  const toks = enTokens(text);
  const lex = getLexicon();
  const out: NameRun[] = [];
  const isCap = (t: EnglishToken) => t.capitalized && !t.numeric && !/^I(?:['’].*)?$/.test(t.text);
  let k = 0;
  while (k < toks.length) {
    const t = toks[k];
    if (!isCap(t)) {
      k++;
      continue;
    }
    let e = k;
    while (e + 1 < toks.length && !possessive(toks[e]) && isCap(toks[e + 1]) && /^[\s-]*$/.test(text.slice(toks[e].end, toks[e + 1].start))) e++;
    const atStart = SENT_PUNCT.test(text.slice(0, t.start));
    let ws = toks.slice(k, e + 1);
    const single = ws.length === 1;
    k = e + 1;
    // romanised names hyphenated in lower case: Xi-feng, Gou-er
    while (k < toks.length && !toks[k].capitalized && text.slice(ws[ws.length - 1].end, toks[k].start) === "-") {
      const last = ws[ws.length - 1];
      const merged = last.lower + toks[k].lower;
      if (!lex.syllabify(merged, 1).length) break;
      ws = [...ws.slice(0, -1), { ...last, text: text.slice(last.start, toks[k].end), lower: last.lower + "-" + toks[k].lower, end: toks[k].end }];
      k++;
    }
    // sentence-initial ordinary word ("Later Chen Qingyang", "Who's Wang Er", "The Hongqi Town")
    if (atStart && ws.length > 1) {
      const l = lowerOf(ws[0]);
      if (ENGLISH_STOPWORDS.has(l) || COMMON_CAPS.has(l) || (isEnglishWord(l, docLower) && !(l in DEMONYM))) ws = ws.slice(1);
    }
    const nameLike: number[] = [];
    ws.forEach((w, i) => {
      const lower = lowerOf(w);
      if (ENGLISH_STOPWORDS.has(lower) || COMMON_CAPS.has(lower) || lower.length < 2) return;
      const syl = lex.syllabify(lower, 2);
      const multi = syl.some((x) => x.length >= 2);
      if (lower in DEMONYM || loose) nameLike.push(i);
      else if (!isEnglishWord(lower, docLower)) nameLike.push(i);
      else if (multi && !docLower.has(lower)) nameLike.push(i);
    });
    // a single capitalised word at sentence start: only a clear romanised name or a demonym
    if (atStart && single && nameLike.length === 1) {
      const lower = lowerOf(ws[0]);
      const syl = lex.syllabify(lower, 2);
      const pinyinName = syl.some((x) => x.length >= 2) ? !docLower.has(lower) : syl.length > 0 && !isEnglishWord(lower, docLower);
      if (!pinyinName && !(lower in DEMONYM)) nameLike.length = 0;
    }
    if (nameLike.length) {
      const last = ws[ws.length - 1];
      const endAt = last.start + last.text.replace(/['’]s?$/, "").length;
      out.push({ sentence, start: ws[0].start, end: endAt, text: text.slice(ws[0].start, endAt), words: ws, nameLike });
    }
  }
  return out;
}

/** Per-character toneless readings of a Chinese text. */
function readingsOf(text: string): (string[] | null)[] {
  const out: (string[] | null)[] = [];
  for (let p = 0; p < text.length; p++) out.push(isHan(text[p]) ? charReadings(text[p]) : null);
  return out;
}

/** [start,end) of chars spelling `seg` in order, or null. */
function findSyllables(r: (string[] | null)[], seg: string[]): [number, number] | null {
  outer: for (let p = 0; p + seg.length <= r.length; p++) {
    for (let k = 0; k < seg.length; k++) {
      const rr = r[p + k];
      if (!rr || !rr.includes(seg[k])) continue outer;
    }
    return [p, p + seg.length];
  }
  return null;
}

function syllabifications(words: string[], limit = 8): string[][] {
  const lex = getLexicon();
  let acc: string[][] = [[]];
  for (const w of words) {
    const s = lex.syllabify(w.replace(/['’]s$/i, "").replace(/[-'’]/g, ""), 3);
    if (!s.length) return [];
    acc = acc.flatMap((a) => s.map((b) => [...a, ...b])).slice(0, limit);
  }
  return acc;
}

interface ZhSide {
  texts: string[];
  readings: (string[] | null)[][];
  keys: Set<string>;
  joined: string;
}

function zhSide(texts: string[]): ZhSide {
  const lex = getLexicon();
  const keys = new Set<string>();
  // exact dictionary entries only: a greedy character split of an unknown name (陈清扬 → clear, state…) is noise
  for (const t of texts) for (const w of zhWords(t)) for (const id of lex.idsOf(w.text)) keys.add(lex.keys[id]);
  return { texts, readings: texts.map(readingsOf), keys, joined: texts.join("\n") };
}

/** Where in the Chinese the English name run is rendered, or null (sentence -1: dictionary match, no span). */
export function findRunInZh(run: NameRun, zs: ZhSide, inventory?: ReadonlyMap<string, string[]>): { sentence: number; start: number; end: number } | null {
  const names = run.nameLike.map((i) => run.words[i]);
  const all = run.words.map(lowerOf);
  const tries: string[][] = [];
  // every contiguous sub-run of ≥ 2 words (Xu Liuping, Chen Qingyang in "Old Chen Qingyang")
  for (let a = 0; a < all.length; a++) for (let b = all.length; b >= a + 2; b--) tries.push(...syllabifications(all.slice(a, b)));
  for (const w of names) {
    for (const seg of syllabifications([lowerOf(w)])) if (seg.length >= 2 || (run.words.length === 1 && w.lower.length >= 3)) tries.push(seg);
  }
  for (const seg of tries) {
    for (let s = 0; s < zs.readings.length; s++) {
      const f = findSyllables(zs.readings[s], seg);
      if (f) return { sentence: s, start: f[0], end: f[1] };
    }
  }
  const spans = inventory?.get(normName(run.text));
  if (spans) {
    for (let s = 0; s < zs.texts.length; s++) for (const z of spans) {
      const i = zs.texts[s].indexOf(z);
      if (i >= 0) return { sentence: s, start: i, end: i + z.length };
    }
  }
  for (const w of names) {
    const lower = lowerOf(w);
    const dem = DEMONYM[lower];
    if (dem) {
      for (let s = 0; s < zs.texts.length; s++) for (const d of dem) {
        const i = zs.texts[s].indexOf(d);
        if (i >= 0) return { sentence: s, start: i, end: i + d.length };
      }
    }
    // CC-CEDICT glosses contain pinyin (chen, er, qing): one-syllable words are not looked up
    const syl = getLexicon().syllabify(lower.replace(/[-'’]/g, ""), 2);
    if (!(syl.length && syl.every((x) => x.length === 1)) && zs.keys.has(englishKey(lower))) return { sentence: -1, start: 0, end: 0 };
    if (lower.length >= 2) {
      for (let s = 0; s < zs.texts.length; s++) {
        const i = zs.texts[s].toLowerCase().indexOf(lower);
        if (i >= 0) return { sentence: s, start: i, end: i + lower.length };
      }
    }
  }
  return null;
}

const normName = (s: string) => s.replace(/['’]s?$/, "").trim();

/** English name form → Chinese spans, from DocContext.names. */
export function inventoryOf(names: Record<string, string[]>): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const [z, forms] of Object.entries(names)) for (const f of forms) {
    const l = m.get(f) ?? [];
    l.push(z);
    m.set(f, l);
  }
  return m;
}

/**
 * Chinese names the document shows to be names: span → English forms (DocContext.names).
 * (1) pinyin: the English name spells the Chinese span (陈清扬 ↔ Chen Qingyang);
 * (2) co-occurrence: an English name without pinyin match that occurs in ≥ 3 pairs is
 *     linked to the Chinese word (≥ 2 characters) that best co-occurs with it (Dice ≥ 0.5),
 *     e.g. 韦小宝 ↔ Trinket, 茅十八 ↔ Whiskers.
 */
export function learnNames(pairs: QaPairInput[], docLower: ReadonlySet<string>): Record<string, string[]> {
  const names: Record<string, Set<string>> = {};
  const unmatched = new Map<string, Set<number>>();
  const zhDf = new Map<string, number>();
  const zhSets: Set<string>[] = [];
  pairs.forEach((p, k) => {
    const ws = new Set<string>();
    for (const t of p.zh) {
      for (const w of zhWords(t)) if (w.text.length >= 2 && /^[\u3400-\u9fff]+$/.test(w.text) && !CHINESE_STOPWORDS.has(w.text)) ws.add(w.text);
      // character 2-/3-grams too: jieba splits unknown names (刘/老/老)
      for (let i = 0; i + 2 <= t.length; i++) for (const n of [2, 3]) {
        const g = t.slice(i, i + n);
        if (g.length === n && /^[\u3400-\u9fff]+$/.test(g)) ws.add(g);
      }
    }
    zhSets.push(ws);
    for (const w of ws) zhDf.set(w, (zhDf.get(w) ?? 0) + 1);
    if (!p.zh.length || !p.en.length) return;
    const zs = zhSide(p.zh);
    p.en.forEach((t, s) => {
      for (const run of englishNameRuns(t, s, docLower)) {
        const f = findRunInZh(run, zs);
        const form = normName(run.text);
        if (!f) {
          let u = unmatched.get(form);
          if (!u) unmatched.set(form, (u = new Set()));
          u.add(k);
          continue;
        }
        if (f.sentence < 0 || f.end - f.start < 2) continue;
        const span = p.zh[f.sentence].slice(f.start, f.end);
        if (!/^[\u3400-\u9fff]+$/.test(span)) continue;
        (names[span] ??= new Set()).add(form);
      }
    });
  });
  for (const [form, ks] of unmatched) {
    if (ks.size < 3) continue;
    const co = new Map<string, number>();
    for (const k of ks) for (const w of zhSets[k]) co.set(w, (co.get(w) ?? 0) + 1);
    let best = "";
    let bestDice = 0;
    for (const [w, c] of co) {
      if (c < 3 || c / ks.size < 0.6) continue;
      const dice = (2 * c) / (ks.size + (zhDf.get(w) ?? 0));
      if (dice > bestDice + 1e-9 || (Math.abs(dice - bestDice) < 1e-9 && w.length > best.length)) {
        best = w;
        bestDice = dice;
      }
    }
    if (best && bestDice >= 0.3) (names[best] ??= new Set()).add(form);
  }
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(names)) out[k] = [...v].sort();
  return out;
}

/** English name → share of the non-gap pairs whose English mentions it (≥ 2 pairs): DocContext.enNameShare. */
export function englishNameShare(pairs: QaPairInput[], docLower: ReadonlySet<string>): Record<string, number> {
  const count = new Map<string, number>();
  let n = 0;
  for (const p of pairs) {
    if (!p.zh.length || !p.en.length) continue;
    n++;
    const forms = new Set(p.en.flatMap((t, s) => englishNameRuns(t, s, docLower).map((r) => normName(r.text))));
    for (const f of forms) count.set(f, (count.get(f) ?? 0) + 1);
  }
  const out: Record<string, number> = {};
  for (const [f, c] of count) if (c >= 2) out[f] = c / n;
  return out;
}

/**
 * A name mentioned in at least this share of a document's pairs is a main character
 * (or the setting): translators routinely write it where the Chinese has a pronoun or a
 * zero subject, so an English-only mention of it is not reported.
 */
export const FREQUENT_NAME_SHARE = 0.05;

/** Chinese name introducing direct speech: 海老公道：“…”, 韦小宝笑道：“…” */
const SPEAKER_AFTER = /^[^“”"「」，。！？]{0,3}?(?:道|说|问|叫|喊|答|喝|骂)[:：]\s*[“"「]/;

const ZH_PRONOUN = /[他她它我你您俺咱]/;
const EN_PRONOUN = /\b(?:he|she|him|her|his|hers|i|me|my|mine|you|your|they|them|their|we|us|our|it|its)\b/i;

/** A dictionary place name whose CC-CEDICT gloss is its own pinyin (北京 beijing, 扬州 yangzhou). */
function isDictPlace(word: string): boolean {
  const lex = getLexicon();
  const bare = word.replace(/[省市县区镇村乡]$/, "");
  const py = new Set([wordPinyin(word), wordPinyin(bare)]);
  return lex.translate(bare).some((k) => py.has(k)) || lex.translate(word).some((k) => py.has(k));
}

export function checkNames(pair: QaPairInput, ctx: DocContext, sink: IssueSink): void {
  if (!pair.zh.length || !pair.en.length) return;
  const docLower = new Set(ctx.enLowercase);
  const inv = inventoryOf(ctx.names);
  const zs = zhSide(pair.zh);
  const zhText = pair.zh.join("\n");
  const enText = pair.en.join("\n");
  // English names without a Chinese counterpart
  const runs = pair.en.flatMap((t, s) => englishNameRuns(t, s, docLower));
  const unEn = runs.filter((run) => !findRunInZh(run, zs, inv));
  // Chinese names (learnt from the document, or dictionary place names) without an English counterpart
  const lex = getLexicon();
  const enKeys = new Set(pair.en.flatMap((t) => enTokens(t).map((k) => k.key)));
  const capRuns = pair.en.flatMap((t, s) => englishNameRuns(t, s, new Set()));
  // every English sentence is one quotation (opens with a quotation mark, closes only at its end): the speech alone
  const bareQuote = pair.en.every((t) => /^\s*['‘"“]/.test(t) && !/[,.!?…—-]\s*['’"”](?=\s+\S)/.test(t));
  const seen = new Set<string>();
  const unZh: { s: number; start: number; end: number; name: string; forms: string[] }[] = [];
  pair.zh.forEach((t, s) => {
    const cands: { start: number; end: number }[] = [];
    for (const name of Object.keys(ctx.names)) {
      for (let i = t.indexOf(name); i >= 0; i = t.indexOf(name, i + 1)) cands.push({ start: i, end: i + name.length });
    }
    for (const w of zhTagged(t)) if (w.tag === "ns" && w.word.length >= 2 && isDictPlace(w.word)) cands.push(w);
    cands.sort((a, b) => a.start - b.start || b.end - a.end);
    let lastEnd = -1;
    for (const c of cands) {
      if (c.start < lastEnd) continue; // inside a longer name
      lastEnd = c.end;
      const name = t.slice(c.start, c.end);
      if (seen.has(name)) continue;
      seen.add(name);
      const forms = ctx.names[name] ?? [];
      if (forms.some((f) => enText.includes(f))) continue;
      // pinyin: an English capitalised word spelling part of the name
      const r = readingsOf(name);
      if (capRuns.some((run) => run.words.some((w) => syllabifications([lowerOf(w)]).some((seg) => findSyllables(r, seg))))) continue;
      if ([...lex.idsOf(name)].some((id) => enKeys.has(lex.keys[id]))) continue;
      if (Object.entries(DEMONYM).some(([d, zhs]) => zhs.some((z) => name.startsWith(z)) && new RegExp(`\\b${d}\\b`, "i").test(enText))) continue;
      // a speaker tag (X道：“…”) where the English gives only the quotation (no attribution, or none outside the quotes)
      if (SPEAKER_AFTER.test(t.slice(c.end)) && (!capRuns.length || bareQuote)) continue;
      unZh.push({ s, start: c.start, end: c.end, name, forms });
    }
  });
  // for the both-sides test: any capitalised run (also of ordinary words: "Upper Library") without a counterpart
  const loose = unZh.length
    ? pair.en.flatMap((t, s) => englishNameRuns(t, s, new Set(), true)).filter((run) => !findRunInZh(run, zs, inv) && !unEn.some((u) => u.sentence === run.sentence && u.start === run.start))
    : [];
  unEn.push(...loose);
  const enEv = (run: NameRun): QaEvidence => ev("en", run.sentence, pair.en[run.sentence], run.start, run.end);
  const zhEv = (z: (typeof unZh)[number]): QaEvidence => ev("zh", z.s, pair.zh[z.s], z.start, z.end);
  if (unEn.length && unZh.length) {
    sink.add(
      "name.mismatch",
      "name",
      "major",
      `Names do not correspond: Chinese ${unZh.map((z) => quote(z.name) + (z.forms.length ? ` (elsewhere ${quote(z.forms[0])})` : "")).join(", ")} vs English ${unEn.map((r) => quote(r.text)).join(", ")}.`,
      [...unZh.map(zhEv), ...unEn.map(enEv)],
    );
    return;
  }
  const knownWords = new Set([...inv.keys()].flatMap((f) => f.toLowerCase().split(/[\s-]+/)));
  for (const run of unEn) {
    const known = inv.has(normName(run.text)) || run.nameLike.some((i) => knownWords.has(lowerOf(run.words[i])));
    // a name made explicit for a Chinese pronoun (as a subject: sentence or clause start) is a normal translation choice
    const before = pair.en[run.sentence].slice(0, run.start);
    const subject = /(?:^|[.!?:;,—"“‘']\s*|\b(?:and|but|then|when|while|as|so|that)\s+)$/.test(before);
    // …or when the Chinese has more third-person pronouns than the English (one became this name)
    const zh3 = (zhText.match(/[他她它]/g) ?? []).length;
    const en3 = (pair.en.join(" ").match(/\b(?:he|she|him|her|his|hers|it|its|they|them|their)\b/gi) ?? []).length;
    if (ZH_PRONOUN.test(zhText) && (subject || !known || zh3 > en3)) continue;
    // a main character of the document (frequent name): explicitation for a pronoun or a zero subject
    if ((ctx.enNameShare?.[normName(run.text)] ?? 0) >= FREQUENT_NAME_SHARE) continue;
    sink.add(
      "name.missing",
      "name",
      known ? "major" : "minor",
      `English name ${quote(run.text)} has no counterpart in the Chinese (no pinyin, dictionary${known ? ", document" : ""} or Latin-script match).`,
      [enEv(run)],
    );
  }
  for (const z of unZh) {
    // a name rendered as a pronoun is a normal translation choice
    if (EN_PRONOUN.test(enText)) continue;
    sink.add(
      "name.missing",
      "name",
      z.forms.length ? "major" : "minor",
      `Chinese name ${quote(z.name)}${z.forms.length ? ` (elsewhere rendered ${z.forms.map((f) => quote(f)).join(", ")})` : ""} has no counterpart in the English.`,
      [zhEv(z)],
    );
  }
}

/** findRunInZh over raw Chinese sentences (benchmarks, tests). */
export function findRunInZhTexts(run: NameRun, zh: string[], names?: Record<string, string[]>): boolean {
  return findRunInZh(run, zhSide(zh), names ? inventoryOf(names) : undefined) !== null;
}

/**
 * number.mismatch — numbers, dates, percentages on one side absent or different on
 * the other (lib/text/numbers normalises 二十一 = 21 = twenty-one, 8月1日 = August 1,
 * 百分之五 = five percent, 100多 ≈ over 100).
 * number.counted — counted noun phrases whose counts disagree ("两街一区" = 2 streets
 * + 1 district vs "two districts and one street"): numeral (+ measure word) + noun
 * on the Chinese side, number + noun phrase on the English side, nouns linked
 * through the CC-CEDICT lexicon.
 */
import { numbersMatch, parseChineseNumeral, type NumberMention } from "../text/numbers";
import { getLexicon } from "../lexicon";
import { englishKey, CHINESE_STOPWORDS, ENGLISH_STOPWORDS } from "../text/tokens";
import { numbers, zhWords, enTokens } from "./analyse";
import type { QaEvidence, QaPairInput, Severity } from "./types";
import { ev, quote, type IssueSink } from "./util";

interface Mention extends NumberMention {
  sentence: number;
  text: string;
  side: "zh" | "en";
}

function mentions(sents: string[], side: "zh" | "en"): Mention[] {
  const out: Mention[] = [];
  sents.forEach((t, s) => {
    for (const m0 of numbers(t, side)) {
      let m = m0;
      // 五十两 = 50 taels, not 52 (两 after 十/百/千 is the measure word; lib/text/numbers reads it as a digit)
      if (side === "zh" && /[十百千万]两$/.test(m.raw)) {
        const v = parseChineseNumeral(m.raw.slice(0, -1));
        if (Number.isFinite(v)) m = { ...m, value: v, raw: m.raw.slice(0, -1), end: m.end - 1, key: m.kind === "number" ? String(v) : m.key };
      }
      // a capitalised number word inside an English name ("Two Dukes Street", "Two-in-one")
      if (side === "en" && (m.kind === "number" || m.kind === "ordinal") && /^[A-Z][a-z]/.test(m.raw) && m.start > 0 && !/[.!?:;"“‘'(]\s*$/.test(t.slice(0, m.start))) continue;
      out.push({ ...m, sentence: s, text: t, side });
    }
  });
  return out;
}

const ZH_DIGIT_VAL: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
/**
 * Values of Chinese approximate ranges that lib/text/numbers skips on purpose:
 * 十四五 = 14–15, 八九 = 8–9, 三二十 = 20–30, 一二十 = 10–20.
 */
function zhRangeValues(texts: string[]): Set<number> {
  const out = new Set<number>();
  const re = /(十)?([一二两三四五六七八九])([一二两三四五六七八九])(十|百|千|万)?/g;
  for (const t of texts) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(t)) !== null) {
      const a = ZH_DIGIT_VAL[m[2]];
      const b = ZH_DIGIT_VAL[m[3]];
      if (Math.abs(a - b) > 2) continue;
      const mul = m[4] ? parseChineseNumeral("一" + m[4]) : 1;
      const base = m[1] ? 10 : 0;
      for (const v of [a, b]) out.add(base + v * mul);
    }
  }
  return out;
}

// Words that carry a quantity without being numerals (only used to excuse a missing number).
const EN_SOFT: [RegExp, number][] = [
  [/\b(?:both|twice|pair|couple|double|twin|two-fold|second)\b/i, 2],
  [/\bhalf\b|\bhalves\b/i, 0.5],
  [/\bthrice|triple\b/i, 3],
  [/\bonce\b|\bsingle\b|\bsole\b|\bonly\b/i, 1],
  [/\bdozens?\b/i, 12],
];
const ZH_SOFT: [RegExp, number][] = [
  [/[双对俩俩再倍二两]/, 2],
  [/半/, 0.5],
  [/[仨]/, 3],
  [/打/, 12],
];
function softHas(sents: string[], side: "zh" | "en", v: number): boolean {
  const rules = side === "en" ? EN_SOFT : ZH_SOFT;
  return rules.some(([re, val]) => val === v && sents.some((t) => re.test(t)));
}

const MONEY_RE = /(?:[$¥￥€£]|RMB|US\$|yuan|dollars?|euros?|pounds?|元|美元|人民币|块钱)/i;
function isMoney(m: Mention): boolean {
  const around = m.text.slice(Math.max(0, m.start - 5), Math.min(m.text.length, m.end + 9));
  return MONEY_RE.test(around);
}

/** Mentions that translations drop or reword all the time: never reported as missing. */
function weak(m: Mention): boolean {
  if (m.value === 1 && m.kind !== "date" && m.kind !== "year") return true;
  if (m.kind === "ordinal" && m.value <= 3 && !/\d/.test(m.raw)) return true;
  return false;
}
const wordForm = (m: Mention) => !/[0-9０-９]/.test(m.raw);

const mEv = (m: Mention): QaEvidence => ev(m.side, m.sentence, m.text, m.start, m.end);
const describe = (m: Mention) => quote(m.raw.trim(), 30) + (m.kind === "date" || m.kind === "year" ? ` (${m.key})` : m.kind === "percent" ? ` (${m.value}%)` : m.approx ? ` (≈${m.value})` : ` (${m.value})`);

/** `names`: Chinese names of the document (DocContext.names keys): numerals inside them (茅十八) are not numbers. */
export function checkNumbers(pair: QaPairInput, sink: IssueSink, names: string[] = []): void {
  if (!pair.zh.length || !pair.en.length) return;
  const zh = mentions(pair.zh, "zh");
  const en = mentions(pair.en, "en");
  const reported: Mention[] = [];
  if (zh.length || en.length) {
    const ranges = zhRangeValues(pair.zh);
    const inName = (m: Mention) => names.some((n) => m.side === "zh" && m.text.slice(Math.max(0, m.start - 3), m.end + 3).includes(n) && n.includes(m.raw));
    const unZ = zh.filter((a) => !en.some((b) => numbersMatch(a, b)) && !weak(a) && !softHas(pair.en, "en", a.value) && !inName(a));
    const unE = en.filter((b) => !zh.some((a) => numbersMatch(a, b)) && !weak(b) && !softHas(pair.zh, "zh", b.value) && !ranges.has(b.value));
    if (unZ.length && unE.length) {
      // a value changed: pair them up in one issue
      const hard = [...unZ, ...unE].some((m) => m.kind === "date" || m.kind === "year" || m.kind === "percent" || isMoney(m));
      const sev: Severity = hard ? "critical" : "major";
      sink.add(
        "number.mismatch",
        "number",
        sev,
        `Numbers differ: Chinese ${unZ.map(describe).join(", ")} vs English ${unE.map(describe).join(", ")}.`,
        [...unZ.map(mEv), ...unE.map(mEv)],
      );
      reported.push(...unZ, ...unE);
    } else {
      for (const m of [...unZ, ...unE]) {
        const sev: Severity = (wordForm(m) && m.value <= 10) || m.approx ? "minor" : isMoney(m) ? "critical" : "major";
        const here = m.side === "zh" ? "Chinese" : "English";
        const there = m.side === "zh" ? "English" : "Chinese";
        sink.add("number.mismatch", "number", sev, `${here} ${describe(m)} has no matching number in the ${there}.`, [mEv(m)]);
        reported.push(m);
      }
    }
  }
  checkCounted(pair, sink, reported);
}

// ---------------------------------------------------------------------------
// counted nouns

interface Counted {
  value: number;
  approx: boolean;
  side: "zh" | "en";
  sentence: number;
  text: string;
  start: number;
  end: number;
  /** noun (zh word / English head word) */
  noun: string;
  /** English keys the noun stands for: translations (zh) or the head's key (en) */
  keys: Set<string>;
}

const ZH_CLASSIFIER = new Set("个位名家条座项所台辆届批支只本张件间处种类门份套层栋户场期口颗棵首架艘枚双对组队笔句段篇章节部".split(""));
const ZH_NUM_RE = /([0-9]+(?:\.[0-9]+)?|[零〇一二三四五六七八九十百千万亿两]+)/g;
const ZH_NUM_CHARS = /[0-9零〇一二三四五六七八九十百千万亿两第]/;

function zhCounted(t: string, sentence: number): Counted[] {
  const lex = getLexicon();
  const words = zhWords(t);
  const out: Counted[] = [];
  ZH_NUM_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ZH_NUM_RE.exec(t)) !== null) {
    const s = m.index;
    const numEnd = s + m[0].length;
    if (s > 0 && ZH_NUM_CHARS.test(t[s - 1])) continue;
    const value = parseChineseNumeral(m[0]);
    if (!Number.isFinite(value) || value <= 0 || /^[百千万亿]/.test(m[0])) continue;
    // numeral inside a word (统一, 唯一, 万一) or a lexicalised word starting with it (一起, 一样, 三国)
    const host = words.find((w) => w.start <= s && s < w.end);
    if (host && host.start < s) continue;
    if (/[几多余来]/.test(t[numEnd] ?? "")) continue; // approximate (十几两): number.mismatch judges it
    let p = numEnd;
    if (ZH_CLASSIFIER.has(t[p] ?? "")) p++;
    if (host && host.end > p && lex.has(host.text)) continue;
    let noun: string;
    const w = words.find((x) => x.start <= p && p < x.end);
    if (!w) continue;
    noun = t.slice(p, w.end);
    if (w.start < s) continue;
    if (!/^[\u3400-\u9fff]{1,4}$/.test(noun) || CHINESE_STOPWORDS.has(noun)) continue;
    if (/^[年月日号天岁倍次点分秒]/.test(noun)) continue; // dates/times/multipliers: number.mismatch handles them
    const keys = new Set(lex.translate(noun));
    if (keys.size === 0) continue;
    out.push({ value, approx: false, side: "zh", sentence, text: t, start: s, end: p + noun.length, noun, keys });
  }
  return out;
}

const EN_ONE_RE = /\b(?:one|a single)\b/gi;
const EN_BREAK_RE = /[,.;:!?“”"()\[\]—–]/;
const SKIP_HEAD = new Set(["percent", "hundred", "thousand", "million", "billion", "dozen", "time", "times", "year", "years", "day", "days", "month", "months", "o'clock"]);

function enCounted(t: string, sentence: number): Counted[] {
  const nums: { value: number; approx: boolean; start: number; end: number }[] = [];
  for (const n of numbers(t, "en")) if (n.kind === "number") nums.push({ value: n.value, approx: n.approx, start: n.start, end: n.end });
  EN_ONE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = EN_ONE_RE.exec(t)) !== null) {
    const s = m.index;
    if (nums.some((n) => n.start <= s && s < n.end)) continue;
    nums.push({ value: 1, approx: false, start: s, end: s + m[0].length });
  }
  const toks = enTokens(t);
  const out: Counted[] = [];
  for (const n of nums) {
    const after = toks.filter((k) => k.start >= n.end);
    const chain: typeof toks = [];
    let pos = n.end;
    for (let k = 0; k < Math.min(3, after.length); k++) {
      const tok = after[k];
      if (EN_BREAK_RE.test(t.slice(pos, tok.start))) break;
      if (tok.numeric || ENGLISH_STOPWORDS.has(tok.lower)) break;
      chain.push(tok);
      pos = tok.end;
    }
    // no POS tagger: every word of the short chain after the number may be the counted noun
    const nouns = chain.filter((k) => !SKIP_HEAD.has(k.lower));
    if (!nouns.length || SKIP_HEAD.has(chain[0].lower)) continue;
    const last = chain[chain.length - 1];
    out.push({
      value: n.value,
      approx: n.approx,
      side: "en",
      sentence,
      text: t,
      start: n.start,
      end: last.end,
      noun: chain.map((k) => k.text).join(" "),
      keys: new Set(nouns.map((k) => englishKey(k.text))),
    });
  }
  return out;
}

const sameCount = (a: Counted, b: Counted) =>
  a.value === b.value || ((a.approx || b.approx) && Math.min(a.value, b.value) * 2 > Math.max(a.value, b.value));
const linked = (z: Counted, e: Counted) => [...e.keys].some((k) => z.keys.has(k));

function checkCounted(pair: QaPairInput, sink: IssueSink, reported: Mention[]): void {
  const zc = pair.zh.flatMap((t, s) => zhCounted(t, s));
  if (!zc.length) return;
  const ec = pair.en.flatMap((t, s) => enCounted(t, s));
  if (!ec.length) return;
  const cEv = (c: Counted) => ev(c.side, c.sentence, c.text, c.start, c.end);
  const overlapsReported = (c: Counted) =>
    reported.some((r) => r.side === c.side && r.sentence === c.sentence && r.start < c.end && c.start < r.end);
  for (const z of zc) {
    const links = ec.filter((e) => linked(z, e));
    if (!links.length || links.some((e) => sameCount(z, e))) continue;
    // the English noun may be counted correctly elsewhere in the Chinese (一区 ... 两区)
    const e = links[0];
    if (zc.some((z2) => z2 !== z && linked(z2, e) && sameCount(z2, e))) continue;
    if (overlapsReported(z) && overlapsReported(e)) continue;
    sink.add(
      "number.counted",
      "number",
      "major",
      `Counted noun differs: Chinese ${quote(z.text.slice(z.start, z.end))} = ${z.value} × ${z.noun} (${[...z.keys].slice(0, 4).join("/")}), ` +
        `but the English says ${quote(e.text.slice(e.start, e.end))} = ${e.value} × ${e.noun}.`,
      [cEv(z), cEv(e)],
    );
  }
}

export const _internal = { zhCounted, enCounted };

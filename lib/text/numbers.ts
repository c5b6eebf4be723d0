/**
 * Numbers, percentages, dates, years and ordinals, normalised so that an English
 * sentence and its Chinese translation produce the same `key`s
 * ("100000", "pct:5", "date:08-01", "month:08", "year:2018", "ord:6").
 *
 * Policy on false positives (documented, tested):
 * - English "one" / "a" on their own are NOT numbers ("one of them", "the one",
 *   "a car"); "one" counts only inside a compound ("twenty-one", "one hundred",
 *   "one million") or a hyphenated measure ("one-year").
 * - Chinese 一 on its own is NOT a number (一个/一步步/一项项/一体/统一/唯一一个);
 *   it counts in compounds (一百, 十一, 一万), ordinals (第一) and dates (一月).
 *   Other single Chinese digits (两/二…九) count only before a measure word or
 *   unit (两街, 四大, 三个), so idioms like 三心二意 / 七上八下 yield nothing.
 *   Runs of bare digits without units (三四个, 十三五) are rejected, except a
 *   4-digit year before 年 (二〇一八年).
 * - 十九大 (a name) yields 19: acceptable, the English side says "19th".
 * - Times of day (13:49:58, 5:30 p.m.) are consumed and yield nothing.
 * - A bare 4-digit integer 1000–2099 is a year in both languages; numbersMatch
 *   treats year and number of equal value as matching, so "2000 people" still
 *   matches "2000人".
 *
 * Performance: regexes are compiled once at module load; one pass of a single
 * global regex per call, with small per-match work (target: 70k sentences << 1 s).
 */
import type { Lang } from "./segment";

export interface NumberMention {
  value: number;
  kind: "number" | "percent" | "date" | "year" | "ordinal";
  approx: boolean;
  raw: string;
  start: number;
  end: number;
  key: string;
}

// ---------------------------------------------------------------------------
// Helpers

function fmt(v: number): string {
  if (Number.isInteger(v)) return v.toString();
  return parseFloat(v.toPrecision(12)).toString();
}
const pad2 = (n: number) => (n < 10 ? "0" + n : String(n));

function keyFor(kind: NumberMention["kind"], value: number): string {
  switch (kind) {
    case "percent":
      return "pct:" + fmt(value);
    case "year":
      return "year:" + value;
    case "ordinal":
      return "ord:" + fmt(value);
    default:
      return fmt(value);
  }
}

function mk(
  out: NumberMention[],
  text: string,
  kind: NumberMention["kind"],
  value: number,
  approx: boolean,
  start: number,
  end: number,
): void {
  if (!Number.isFinite(value)) return;
  out.push({ value, kind, approx, raw: text.slice(start, end), start, end, key: keyFor(kind, value) });
}

function mkDate(out: NumberMention[], text: string, month: number, day: number | null, start: number, end: number): void {
  if (month < 1 || month > 12) return;
  if (day === null) {
    out.push({ value: month, kind: "date", approx: false, raw: text.slice(start, end), start, end, key: "month:" + pad2(month) });
    return;
  }
  if (day < 1 || day > 31) return;
  out.push({
    value: month * 100 + day,
    kind: "date",
    approx: false,
    raw: text.slice(start, end),
    start,
    end,
    key: "date:" + pad2(month) + "-" + pad2(day),
  });
}

function mkYear(out: NumberMention[], text: string, y: number, start: number, end: number): void {
  out.push({ value: y, kind: "year", approx: false, raw: text.slice(start, end), start, end, key: "year:" + y });
}

const isYearValue = (v: number) => Number.isInteger(v) && v >= 1000 && v <= 2099;

/** Full-width digits ０-９ -> ASCII, full-width comma removed. */
function asciiDigits(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff10 && c <= 0xff19) out += String.fromCharCode(c - 0xff10 + 48);
    else if (c === 0x2c || c === 0xff0c) continue;
    else if (c === 0xff0e) out += ".";
    else out += s[i];
  }
  return out;
}

// ---------------------------------------------------------------------------
// Chinese numerals

const ZH_DIGIT: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const ZH_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const ZH_BIG: Record<string, number> = { 万: 1e4, 亿: 1e8 };

/**
 * Parse a Chinese numeral string (一百零五, 三千五百, 二十一, 一万二千, 三千五 = 3500).
 * Mixed Arabic+unit forms (1.5亿, 3万, 2千) are accepted too. Returns NaN for
 * invalid sequences such as two bare digits in a row (一一, 三四).
 */
export function parseChineseNumeral(s: string): number {
  let total = 0; // completed 亿 / 万 groups
  let section = 0; // below 万
  let num = -1; // pending digit value (-1 = none)
  let lastUnit = 0;
  let zero = false;
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    const c = ch.charCodeAt(0);
    if ((c >= 48 && c <= 57) || ch === ".") {
      let j = i;
      while (j < s.length && ((s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) || s[j] === ".")) j++;
      if (num !== -1) return NaN;
      num = parseFloat(s.slice(i, j));
      i = j;
      continue;
    }
    if (ch in ZH_DIGIT) {
      if (num !== -1) return NaN; // 一一, 三四: not a numeral
      num = ZH_DIGIT[ch];
      if (num === 0) {
        zero = true;
        num = -1;
      }
      i++;
      continue;
    }
    const u = ZH_UNIT[ch];
    if (u) {
      section += (num === -1 ? 1 : num) * u;
      num = -1;
      lastUnit = u;
      zero = false;
      i++;
      continue;
    }
    const big = ZH_BIG[ch];
    if (big) {
      const cur = section + (num === -1 ? 0 : num);
      if (big === 1e8) {
        total = (cur === 0 && total === 0 ? 1 : total + cur) * 1e8; // bare 亿 (1.5亿) = 1e8
      } else {
        total += (cur === 0 && total === 0 ? 1 : cur) * 1e4;
      }
      section = 0;
      num = -1;
      lastUnit = big;
      zero = false;
      i++;
      continue;
    }
    return NaN;
  }
  if (num !== -1) {
    // 三千五 = 3500, 两万五 = 25000 (colloquial: trailing digit is one unit lower)
    if (!zero && lastUnit >= 100) section += (num * lastUnit) / 10;
    else section += num;
  }
  return total + section;
}

// Measure words / units after a single Chinese digit that make it a real count.
const ZH_MEASURE = new Set(
  "个位名人项条家次年天月日岁倍种座所台辆届批支只本张件吨米亩元块小时分秒周大街区国省市县部篇章节层栋户轮场期口颗棵首架艘枚份样双对组队套间处股笔句段行点代".split(""),
);
const ZH_APPROX_BEFORE = /(?:近|约|大约|超过|逾|将近|接近|多达|不到|不足|上下)$/;

// One global regex, alternatives tried left to right at each position.
const ZH_RE = new RegExp(
  [
    // ISO date 2018-08-01 / 2018/8/1 / 2018.8.1
    "(?<iso>(?<![0-9])(?<isoY>\\d{4})[-/.](?<isoM>\\d{1,2})[-/.](?<isoD>\\d{1,2})(?![0-9]))",
    // time of day: consumed, ignored
    "(?<time>(?<![0-9])\\d{1,2}[:：]\\d{2}(?:[:：]\\d{2})?(?![0-9]))",
    // 百分之五 / 百分之12.5
    "(?<pctzh>百分之(?<pz>[零〇一二三四五六七八九十百千两点.0-9０-９]+))",
    // 2018年8月1日 / 8月1日 / 八月一日 / 1月
    "(?<date>(?<![零〇一二三四五六七八九十百千万两0-9０-９])(?:(?<dY>\\d{4}|[零〇一二三四五六七八九]{4})\\s*年\\s*)?(?<dM>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\\s*月(?:\\s*(?<dD>[12]\\d|3[01]|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\\s*[日号])?)",
    // general number: 第六, 100多, 十多万, 1.5亿, 3万, 5%, 2018年
    "(?<num>(?<![A-Za-z0-9０-９.])(?<ord>第\\s*)?(?<zn>[0-9０-９]+(?:[,，][0-9]{3})*(?:[.．][0-9０-９]+)?|[零〇一二三四五六七八九十百千万亿两]+)(?<more1>多|余|几)?(?<scale>[十百千万亿]+)?(?<more2>多|余)?(?<pct>\\s*[%％])?)",
  ].join("|"),
  "g",
);

function extractChinese(text: string, out: NumberMention[]): void {
  ZH_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ZH_RE.exec(text)) !== null) {
    const g = m.groups!;
    const start = m.index;
    const end = start + m[0].length;
    if (g.iso !== undefined) {
      mkYear(out, text, +g.isoY, start, start + 4);
      mkDate(out, text, +g.isoM, +g.isoD, start + 5, end);
      continue;
    }
    if (g.time !== undefined) continue;
    if (g.pctzh !== undefined) {
      const v = parseChineseNumeral(asciiDigits(g.pz).replace("点", "."));
      if (!Number.isNaN(v)) mk(out, text, "percent", v, ZH_APPROX_BEFORE.test(text.slice(Math.max(0, start - 3), start)), start, end);
      continue;
    }
    if (g.date !== undefined) {
      let s = start;
      if (g.dY !== undefined) {
        const y = /\d/.test(g.dY) ? +g.dY : +g.dY.split("").map((c) => ZH_DIGIT[c]).join("");
        const yEnd = text.indexOf("年", start) + 1;
        mkYear(out, text, y, start, yEnd);
        s = yEnd;
        while (text[s] === " ") s++;
      }
      const month = /\d/.test(g.dM) ? +g.dM : parseChineseNumeral(g.dM);
      const day = g.dD === undefined ? null : /\d/.test(g.dD) ? +g.dD : parseChineseNumeral(g.dD);
      mkDate(out, text, month, day, s, end);
      continue;
    }
    // general number
    const zn = g.zn;
    const isArabic = /[0-9０-９]/.test(zn[0]);
    const ordinal = g.ord !== undefined;
    let approx = g.more1 !== undefined || g.more2 !== undefined;
    const pct = g.pct !== undefined;
    let value: number;
    if (isArabic) {
      value = parseFloat(asciiDigits(zn));
      if (g.scale !== undefined) {
        const sc = parseChineseNumeral(g.scale);
        if (Number.isNaN(sc)) {
          continue;
        }
        value *= sc;
      }
    } else {
      // Chinese numeral run (possibly followed by 多 + more units: 十多万)
      const first = zn[0];
      if (!ordinal && (first === "百" || first === "千" || first === "万" || first === "亿")) {
        // 百姓, 千万, 万一, 亿万: not numbers. Skip only the first char so that
        // e.g. 万一百 is re-scanned from 一.
        ZH_RE.lastIndex = start + (g.ord?.length ?? 0) + 1;
        continue;
      }
      const next = text[start + m[0].length - (g.pct?.length ?? 0)] ?? "";
      if (zn.length === 1 && !ordinal && g.scale === undefined && g.more1 === undefined && !pct) {
        if (first === "一" || first === "零" || first === "〇") continue;
        if (first === "十") {
          // 十分 = "very" (but 十分钟 = ten minutes)
          if (next === "分" && text[end + 1] !== "钟") continue;
        } else if (!ZH_MEASURE.has(next)) continue;
      }
      if (g.more1 === "几") approx = true;
      // "一一", "三四", "十三五": bare digit runs are not numerals (except years)
      value = parseChineseNumeral(zn + (g.scale ?? ""));
      if (Number.isNaN(value)) {
        if (!ordinal && /^[零〇一二三四五六七八九]{4}$/.test(zn) && next === "年") {
          const y = +zn.split("").map((c) => ZH_DIGIT[c]).join("");
          mkYear(out, text, y, start, end + 1);
        }
        continue;
      }
      if (g.more1 !== undefined && g.scale !== undefined) {
        // 十多万 = "over 100,000": the approx marker sits between numeral and scale
        value = parseChineseNumeral(zn) * parseChineseNumeral(g.scale);
      }
    }
    if (Number.isNaN(value)) continue;
    if (!approx && ZH_APPROX_BEFORE.test(text.slice(Math.max(0, start - 3), start))) approx = true;
    if (pct) mk(out, text, "percent", value, approx, start, end);
    else if (ordinal) mk(out, text, "ordinal", value, approx, start, end);
    else if (text[end] === "年" && isArabic && /^\d{4}$/.test(zn) && g.scale === undefined && !approx) mkYear(out, text, value, start, end + 1);
    else if (isYearValue(value) && isArabic && /^\d{4}$/.test(zn) && g.scale === undefined && !approx && !g.more1) mkYear(out, text, value, start, end);
    else mk(out, text, "number", value, approx, start, end);
  }
}

// ---------------------------------------------------------------------------
// English

const EN_SMALL: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70,
  eighty: 80, ninety: 90, dozen: 12,
};
const EN_SCALE: Record<string, number> = {
  hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12, bn: 1e9, mn: 1e6,
};
const EN_ORD: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9,
  tenth: 10, eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16,
  seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30, fortieth: 40,
  fiftieth: 50, sixtieth: 60, seventieth: 70, eightieth: 80, ninetieth: 90, hundredth: 100,
  thousandth: 1000,
};
const EN_MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6,
  june: 6, jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
};

const MONTH = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const SMALL = "(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|dozen)";
const SCALE = "(?:hundred|thousand|million|billion|trillion)";
const NUMWORD = `(?:${SMALL}|${SCALE})`;
const ORDWORD =
  "(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth|hundredth|thousandth)";
const DIGITS = "(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?";
const PCT = (p: string) => "(?<" + p + "pct>\\s*%|\\s*(?:percent|per\\s+cent|pct)\\b)?";
const PLUS = (p: string) => "(?<" + p + "plus>\\+|-plus\\b|-odd\\b|\\s+odd\\b|\\s+or\\s+so\\b)?";

const EN_RE = new RegExp(
  [
    `(?<iso>(?<![\\w.])(?<isoY>\\d{4})-(?<isoM>\\d{1,2})-(?<isoD>\\d{1,2})(?!\\d))`,
    `(?<time>(?<![\\w.:])\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\s*[ap]\\.?m\\b\\.?)?)`,
    // August 1 / Aug. 1st / August 1, 2018
    `(?<md>(?<mdM>\\b${MONTH})\\b\\.?\\s+(?<mdD>\\d{1,2})(?:st|nd|rd|th)?(?![\\d,.]\\d)(?:,?\\s+(?<mdY>\\d{4})(?!\\d))?)`,
    // 1 August / 1st of August 2018
    `(?<dm>(?<![\\w.,])(?<dmD>\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?<dmM>${MONTH})\\b\\.?(?:,?\\s+(?<dmY>\\d{4})(?!\\d))?)`,
    // August 2018 / in August
    `(?<mo>\\b(?<moM>${MONTH})\\b\\.?(?:,?\\s+(?<moY>\\d{4})(?!\\d))?)`,
    // 6th, 21st
    `(?<dord>(?<![\\w.])(?<dordN>\\d+)(?:st|nd|rd|th)\\b)`,
    // twenty-first, sixth
    `(?<word_ord>\\b(?:(?<ordTens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-)?(?<ordW>${ORDWORD})\\b)`,
    // 1,000 / 3.5 / 1.5 billion / 5% / 100+
    `(?<dig>(?<![\\w.,])(?<digN>${DIGITS})(?:\\s*-?\\s*(?<digScale>${SCALE}|bn|mn)\\b)?${PCT("d")}${PLUS("d")})`,
    // twenty-one / one hundred and five / a million / five percent
    `(?<words>\\b(?:(?<art>an?)\\s+(?=${SCALE}\\b|dozen\\b))?(?<wordsSeq>${NUMWORD}(?:(?:(?<=${SCALE})\\s+and\\s+|(?<=ty)\\s+and\\s+(?=(?:one|two|three|four|five|six|seven|eight|nine)\\b)|[\\s-]+)${NUMWORD})*)\\b${PCT("w")}${PLUS("w")})`,
  ].join("|"),
  "gi",
);

const EN_APPROX_BEFORE =
  /\b(?:over|more than|nearly|almost|about|around|approximately|approx\.?|roughly|some|upwards of|at least|close to|in excess of|up to|as many as|as much as|less than|fewer than|under|below|above|at most|exceeding)\s+(?:\$|US\$|RMB\s*|¥)?$/i;
const EN_MONTH_CONTEXT = /\b(?:in|since|until|till|by|from|to|of|last|next|this|early|late|mid|during|between|through|before|after)[\s-]+$/i;
const EN_ORD_CONTEXT = /(?:\b(?:the|its|his|her|their|our|my|your)|['’]s)\s+$/i;

function parseEnglishWords(seq: string): number {
  const words = seq.toLowerCase().split(/(?:\s+and\s+|[\s-]+)/);
  let total = 0;
  let cur = 0;
  let any = false;
  for (const w of words) {
    if (w in EN_SMALL) {
      cur += EN_SMALL[w];
      any = true;
    } else if (w === "hundred") {
      cur = (cur || 1) * 100;
      any = true;
    } else if (w in EN_SCALE) {
      total += (cur || 1) * EN_SCALE[w];
      cur = 0;
      any = true;
    }
  }
  return any ? total + cur : NaN;
}

function extractEnglish(text: string, out: NumberMention[]): void {
  EN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = EN_RE.exec(text)) !== null) {
    const g = m.groups!;
    const start = m.index;
    const end = start + m[0].length;
    if (g.iso !== undefined) {
      mkYear(out, text, +g.isoY, start, start + 4);
      mkDate(out, text, +g.isoM, +g.isoD, start + 5, end);
      continue;
    }
    if (g.time !== undefined) continue;
    if (g.md !== undefined || g.dm !== undefined || g.mo !== undefined) {
      const mName = (g.mdM ?? g.dmM ?? g.moM)!;
      // month names must be capitalised (may/march are also verbs)
      if (mName[0] !== mName[0].toUpperCase()) {
        EN_RE.lastIndex = g.dm !== undefined ? start + g.dmD!.length : start + mName.length;
        if (g.dm !== undefined) {
          // "5 may" – keep the number
          mk(out, text, "number", +g.dmD!, false, start, start + g.dmD!.length);
        }
        continue;
      }
      const month = EN_MONTHS[mName.toLowerCase()];
      const yStr = g.mdY ?? g.dmY ?? g.moY;
      if (g.mo !== undefined && yStr === undefined) {
        // month alone: only with a preposition-like context ("in August"); a bare
        // "May" / "March" is too ambiguous.
        if (!EN_MONTH_CONTEXT.test(text.slice(Math.max(0, start - 12), start))) continue;
      }
      const day = g.mdD !== undefined ? +g.mdD : g.dmD !== undefined ? +g.dmD : null;
      let dEnd = end;
      if (yStr !== undefined) {
        const yStart = end - yStr.length;
        dEnd = yStart;
        while (dEnd > start && /[\s,]/.test(text[dEnd - 1])) dEnd--;
        mkDate(out, text, month, day, start, dEnd);
        mkYear(out, text, +yStr, yStart, end);
      } else mkDate(out, text, month, day, start, dEnd);
      continue;
    }
    if (g.dord !== undefined) {
      mk(out, text, "ordinal", +g.dordN, false, start, end);
      continue;
    }
    if (g.word_ord !== undefined) {
      const w = g.ordW.toLowerCase();
      if ((w === "first" || w === "second") && g.ordTens === undefined) {
        // "First, ..." (adverb), "a second" (time unit): only "the/its/China's first"
        if (!EN_ORD_CONTEXT.test(text.slice(Math.max(0, start - 10), start))) continue;
        if (w === "second" && /^\s+(?:later|ago|or|half)\b/i.test(text.slice(end, end + 8))) continue;
      }
      const v = EN_ORD[w] + (g.ordTens !== undefined ? EN_SMALL[g.ordTens.toLowerCase()] : 0);
      mk(out, text, "ordinal", v, false, start, end);
      continue;
    }
    let value: number;
    let isDigits = false;
    if (g.dig !== undefined) {
      isDigits = true;
      value = parseFloat(g.digN.replace(/,/g, ""));
      if (g.digScale !== undefined) value *= EN_SCALE[g.digScale.toLowerCase()];
    } else {
      const seq = g.wordsSeq;
      const lower = seq.toLowerCase();
      if (lower === "one") {
        // "one of them", "the one": not a number; "one-year" is.
        if (!/^-[a-z]/i.test(text.slice(end, end + 2))) continue;
      }
      value = parseEnglishWords(seq); // "a million": the scale word alone gives 1e6
    }
    if (Number.isNaN(value)) continue;
    const pct = (g.dpct ?? g.wpct) !== undefined;
    const approx =
      (g.dplus ?? g.wplus) !== undefined || EN_APPROX_BEFORE.test(text.slice(Math.max(0, start - 24), start));
    if (pct) mk(out, text, "percent", value, approx, start, end);
    else if (isDigits && g.digScale === undefined && /^\d{4}$/.test(g.digN) && isYearValue(value) && !approx) {
      mkYear(out, text, value, start, end);
    } else mk(out, text, "number", value, approx, start, end);
  }
}

// ---------------------------------------------------------------------------

const HAS_DIGIT_OR_ZH_NUM = /[0-9０-９零〇一二三四五六七八九十百千万亿两]/;
const HAS_EN_CANDIDATE = /[0-9]|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozen|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|twentieth|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i;

/** Extract number mentions in document order. */
export function extractNumbers(text: string, lang: Lang): NumberMention[] {
  const out: NumberMention[] = [];
  if (lang === "zh") {
    if (HAS_DIGIT_OR_ZH_NUM.test(text)) extractChinese(text, out);
  } else if (HAS_EN_CANDIDATE.test(text)) extractEnglish(text, out);
  return out;
}

const NUMERIC_KINDS = new Set(["number", "year", "ordinal"]);

/**
 * Same quantity? Equal keys; or equal values across number/year/ordinal (2000
 * people vs 2000人, 十九大 vs 19th); a month-only date matches a full date in that
 * month; and when either side is approximate (多, over, nearly…) values of the same
 * kind match within a factor of two (100多 ~ 150, over 100,000 ~ 十多万).
 */
export function numbersMatch(a: NumberMention, b: NumberMention): boolean {
  if (a.key === b.key) return true;
  if (a.kind === "date" && b.kind === "date") {
    const ma = a.key.startsWith("month:") ? a.value : Math.floor(a.value / 100);
    const mb = b.key.startsWith("month:") ? b.value : Math.floor(b.value / 100);
    return (a.key.startsWith("month:") || b.key.startsWith("month:")) && ma === mb;
  }
  const numericPair = NUMERIC_KINDS.has(a.kind) && NUMERIC_KINDS.has(b.kind);
  if (!numericPair && a.kind !== b.kind) return false;
  if (a.value === b.value) return true;
  if (a.approx || b.approx) {
    if (a.kind === "ordinal" || b.kind === "ordinal") return false;
    const lo = Math.min(a.value, b.value);
    const hi = Math.max(a.value, b.value);
    return lo > 0 && hi < lo * 2;
  }
  return false;
}

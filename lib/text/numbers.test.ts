import { describe, expect, it } from "vitest";
import { extractNumbers, numbersMatch, parseChineseNumeral, type NumberMention } from "./numbers";

const keys = (t: string, l: "en" | "zh") => extractNumbers(t, l).map((m) => m.key);
const one = (t: string, l: "en" | "zh"): NumberMention => {
  const ms = extractNumbers(t, l);
  expect(ms).toHaveLength(1);
  return ms[0];
};

describe("parseChineseNumeral", () => {
  it.each([
    ["二十一", 21], ["一百零五", 105], ["三千五百", 3500], ["三千五", 3500], ["十", 10], ["十九", 19],
    ["一万二千", 12000], ["两万五", 25000], ["1.5亿", 1.5e8], ["3万", 30000], ["三千五百万", 3.5e7],
    ["一亿二千万", 1.2e8],
  ])("%s = %d", (s, v) => expect(parseChineseNumeral(s)).toBe(v));
  it("rejects bare digit runs", () => {
    expect(parseChineseNumeral("一一")).toBeNaN();
    expect(parseChineseNumeral("三四")).toBeNaN();
  });
});

describe("extractNumbers zh", () => {
  it("numerals, approximations, scales", () => {
    expect(one("二十一人", "zh")).toMatchObject({ key: "21", kind: "number", approx: false });
    expect(one("十多万人", "zh")).toMatchObject({ key: "100000", approx: true, raw: "十多万" });
    expect(one("100多位代表", "zh")).toMatchObject({ key: "100", approx: true });
    expect(one("近3万人", "zh")).toMatchObject({ key: "30000", approx: true });
    expect(one("投资1.5亿元", "zh")).toMatchObject({ value: 150000000, key: "150000000" });
    expect(keys("两街一区", "zh")).toEqual(["2"]);
    expect(keys("四大新技术、7条街路", "zh")).toEqual(["4", "7"]);
  });
  it("dates, years, percents, ordinals", () => {
    expect(keys("8月1日", "zh")).toEqual(["date:08-01"]);
    expect(keys("八月一日", "zh")).toEqual(["date:08-01"]);
    expect(keys("2018年8月1日", "zh")).toEqual(["year:2018", "date:08-01"]);
    expect(keys("2018年", "zh")).toEqual(["year:2018"]);
    expect(keys("二〇一八年", "zh")).toEqual(["year:2018"]);
    expect(keys("今年1月", "zh")).toEqual(["month:01"]);
    expect(keys("2018-08-01 13:49:58", "zh")).toEqual(["year:2018", "date:08-01"]);
    expect(keys("百分之五", "zh")).toEqual(["pct:5"]);
    expect(keys("增长5%", "zh")).toEqual(["pct:5"]);
    expect(keys("第六届", "zh")).toEqual(["ord:6"]);
    expect(keys("十九大", "zh")).toEqual(["19"]);
  });
  it("no numbers from idioms and words containing numerals", () => {
    for (const t of ["一步步被吸引", "一项项优势资源", "集于一体", "统一", "唯一一个", "一个战略", "三心二意", "十分重要", "千万不要", "万一", "老百姓", "十三五规划"]) {
      expect(keys(t, "zh"), t).toEqual([]);
    }
    expect(keys("十分钟", "zh")).toEqual(["10"]);
  });
});

describe("extractNumbers en", () => {
  it("digits, words, scales, approximations", () => {
    expect(keys("21 people and 1,000 cars", "en")).toEqual(["21", "1000"]);
    expect(keys("twenty-one", "en")).toEqual(["21"]);
    expect(keys("one hundred and five", "en")).toEqual(["105"]);
    expect(one("over 100,000 people", "en")).toMatchObject({ key: "100000", approx: true });
    expect(one("more than 100 delegates", "en")).toMatchObject({ key: "100", approx: true });
    expect(one("1.5 billion yuan", "en")).toMatchObject({ value: 1.5e9 });
    expect(one("a million", "en").value).toBe(1e6);
    expect(keys("the six-year struggle", "en")).toEqual(["6"]);
  });
  it("dates, years, percents, ordinals", () => {
    for (const t of ["August 1", "1 August", "Aug. 1", "August 1st"]) expect(keys(t, "en"), t).toEqual(["date:08-01"]);
    expect(keys("On Aug. 1, 2018 it began", "en")).toEqual(["date:08-01", "year:2018"]);
    expect(keys("in 2018", "en")).toEqual(["year:2018"]);
    expect(keys("in January", "en")).toEqual(["month:01"]);
    expect(keys("five percent", "en")).toEqual(["pct:5"]);
    expect(keys("5 per cent and 5%", "en")).toEqual(["pct:5", "pct:5"]);
    expect(keys("the sixth", "en")).toEqual(["ord:6"]);
    expect(keys("the 6th", "en")).toEqual(["ord:6"]);
    expect(keys("the twenty-first century", "en")).toEqual(["ord:21"]);
  });
  it("ignores the pronoun 'one', modal 'may', adverbial 'first' and times", () => {
    for (const t of ["one of them", "the one I like", "someone", "You may go.", "First, we met.", "Wait a second.", "at 13:49"]) {
      expect(keys(t, "en"), t).toEqual([]);
    }
    expect(keys("a one-year plan", "en")).toEqual(["1"]);
    expect(keys("China's first car", "en")).toEqual(["ord:1"]);
  });
});

describe("numbersMatch across languages", () => {
  const m = (a: string, la: "en" | "zh", b: string, lb: "en" | "zh") => numbersMatch(one(a, la), one(b, lb));
  it("equal keys", () => {
    expect(m("1.5 billion", "en", "15亿", "zh")).toBe(true);
    expect(m("five percent", "en", "百分之五", "zh")).toBe(true);
    expect(m("Aug. 1", "en", "8月1日", "zh")).toBe(true);
    expect(m("sixth", "en", "第六", "zh")).toBe(true);
    expect(m("over 100,000", "en", "十多万", "zh")).toBe(true);
  });
  it("approximate tolerance and kind compatibility", () => {
    expect(m("150 people", "en", "100多人", "zh")).toBe(true);
    expect(m("250 people", "en", "100多人", "zh")).toBe(false);
    expect(m("21 people", "en", "二十二人", "zh")).toBe(false);
    expect(m("2000 people", "en", "2000人", "zh")).toBe(true); // year vs number, same value
    expect(m("in August", "en", "8月1日", "zh")).toBe(true); // month vs full date
    expect(m("5%", "en", "5人", "zh")).toBe(false);
  });
});

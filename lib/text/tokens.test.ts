import { describe, expect, it } from "vitest";
import { chineseWords, englishCapitalized, englishWords, ENGLISH_STOPWORDS, CHINESE_STOPWORDS, englishKey, enLength, glossKeys, segmentChinese, tokenizeEnglish, zhLength } from "./tokens";

describe("englishWords", () => {
  it("lemmatises, lower-cases, drops stop-words, numbers and punctuation", () => {
    expect(englishWords("The company's director presided over the launching ceremony; cities were building 21 new roads, and six larger towns ran.")).toEqual([
      "company", "director", "preside", "launch", "ceremony", "city", "build", "new", "road", "large", "town", "run",
    ]);
  });
  it("exports the stop-word set", () => {
    expect(ENGLISH_STOPWORDS.has("the")).toBe(true);
    expect(ENGLISH_STOPWORDS.has("town")).toBe(false);
  });
  it("is fast on repeated vocabulary (cached lemmas)", () => {
    const s = "Hongqi Town will carry out overall planning according to two districts and one street including industrial tourism areas.";
    englishWords(s);
    const t0 = performance.now();
    let n = 0;
    for (let i = 0; i < 50000; i++) n += englishWords(s).length; // ~1M words
    expect(n).toBe(50000 * englishWords(s).length);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});

describe("englishCapitalized", () => {
  it("finds names and multiword runs, skipping sentence-initial words", () => {
    expect(englishCapitalized("Xu Liuping, chairman of the group, said that Hongqi Town in Changchun is a choice for China FAW. The Hongqi Town's plan. Among them, I said.")).toEqual([
      "Xu Liuping", "Hongqi Town", "Changchun", "China FAW", "Hongqi Town",
    ]);
  });
});

describe("chineseWords", () => {
  it("cuts with jieba and removes punctuation, stop-words and digits", () => {
    const w = chineseWords("红旗小镇的覆盖范围之广、实施难度之大,在长春建设项目史上都实属罕见。2018");
    expect(w).toContain("红旗");
    expect(w).toContain("长春");
    for (const bad of ["的", "在", "、", ",", "。", "都", "2018"]) expect(w).not.toContain(bad);
  });
  it("handles empty input", () => {
    expect(chineseWords("")).toEqual([]);
  });
});

describe("scorer tokenisers (one implementation)", () => {
  it("tokenises English with offsets, matching keys and stop-word flags", () => {
    const text = "The mice went to Xu Liuping's 2 friendships quickly.";
    const toks = tokenizeEnglish(text);
    for (const t of toks) expect(text.slice(t.start, t.end)).toBe(t.text);
    const by = Object.fromEntries(toks.map((t) => [t.text, t]));
    expect(by["mice"].key).toBe("mouse");
    expect(by["went"].key).toBe("go");
    expect(by["friendships"].key).toBe("friendship");
    expect(by["quickly"].key).toBe("quick");
    expect(by["Liuping's"].key).toBe("liuping");
    expect(by["Xu"].capitalized).toBe(true);
    expect(by["2"].numeric).toBe(true);
    expect(by["The"].stop && by["to"].stop).toBe(true);
    expect(by["mice"].stop).toBe(false);
    expect(englishKey("Friendships")).toBe("friendship");
    expect(glossKeys("to hit the ball 3 times")).toEqual(["hit", "ball", "time"]);
  });
  it("segments Chinese with offsets; stop-words are a separate list", () => {
    const text = "红旗小镇的覆盖范围, 在长春。2018";
    const w = segmentChinese(text);
    for (const x of w) expect(text.slice(x.start, x.end)).toBe(x.text);
    expect(w.map((x) => x.text)).toContain("长春");
    expect(w.map((x) => x.text)).not.toContain("。");
    expect(CHINESE_STOPWORDS.has("的")).toBe(true);
    expect(zhLength("长春ab")).toBeCloseTo(2.7);
    expect(enLength("Hi, 2!")).toBe(3);
  });
});

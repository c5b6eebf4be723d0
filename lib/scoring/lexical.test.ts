import { describe, expect, it } from "vitest";
import { LexicalDocScorer } from "./lexical";
import { scorePair } from "../alignment";

describe("lexical pair scorer", () => {
  it("matches numbers and dates across languages", () => {
    const r = scorePair(["8月1日，100多位代表出席。"], ["On August 1, more than 100 representatives attended."]);
    const nums = r.parts.pairs.filter((p) => p.kind === "number");
    expect(nums.map((p) => p.enText).sort()).toEqual(["100", "August 1"].sort());
    expect(r.parts.numbers.score).toBe(1);
    const wrong = scorePair(["8月1日，100多位代表出席。"], ["On May 3, 12 representatives attended."]);
    expect(wrong.parts.numbers.matched).toBe(0);
    expect(wrong.score).toBeLessThan(r.score);
  });

  it("matches romanised names to Chinese characters by pinyin, also outside the dictionary", () => {
    const zh = "中国一汽董事长徐留平在长春表示，红旗小镇正式启动。";
    const en = "Xu Liuping, chairman of FAW, said in Changchun that Hongqi Town has started.";
    const r = scorePair([zh], [en]);
    const names = r.parts.pairs.filter((p) => p.kind === "name");
    const got = names.map((p) => `${p.zhText}=${p.enText}`);
    expect(got).toEqual(expect.arrayContaining(["徐留平=Xu", "留平=Liuping", "长春=Changchun", "红旗=Hongqi"]));
    // offsets point into the sentences
    for (const p of r.parts.pairs) {
      expect(zh.slice(p.zhStart, p.zhEnd)).toBe(p.zhText);
      expect(en.slice(p.enStart, p.enEnd)).toBe(p.enText);
    }
    expect(r.parts.names.score).toBeGreaterThan(0.7);
  });

  it("scores a translation far above a non-translation, with named parts", () => {
    const zh = "她承认打我不对，也承认没有好好待我。";
    const good = scorePair([zh], ["She admitted that she'd been wrong to slap me, and that she hadn't treated me well."]);
    const bad = scorePair([zh], ["The evening and the morning were the first day of the new town."]);
    expect(good.score).toBeGreaterThan(bad.score + 20);
    expect(good.parts.coverageZhEn).toBeGreaterThan(bad.parts.coverageZhEn);
    expect(good.parts.coverageEnZh).toBeGreaterThan(bad.parts.coverageEnZh);
    expect(good.score).toBeGreaterThanOrEqual(0);
    expect(good.score).toBeLessThanOrEqual(100);
  });

  it("coverage grows when the second English sentence of a 1-2 bead is added", () => {
    const s = new LexicalDocScorer(
      ["她承认打我不对，也承认没有好好待我，但是她说我的伟大友谊是假的。"],
      ["She admitted that she'd been wrong to slap me, and that she hadn't treated me well.", "But she said my great friendship was phony."],
    );
    const one = s.score([0], [0]).parts;
    const two = s.score([0], [0, 1]).parts;
    expect(two.coverageZhEn).toBeGreaterThan(one.coverageZhEn);
  });
});

describe("dialogue structure and bead features", () => {
  it("tracks whether a sentence ends inside an open quotation", async () => {
    const { quoteStates } = await import("./lexical");
    expect(Array.from(quoteStates(["刘老老说道：“谁叫你去打劫呢?", "也到底大家想个方法儿才好。", "不然那银子钱会自己跑到咱们家里来不成？”", "狗儿冷笑。"], "zh"))).toEqual([1, 1, 0, 0]);
    expect(
      Array.from(
        quoteStates(["'It's easy for you,' said Gou-er, 'but what do you expect me to do?", "Go out and rob?'", "Gou-er's wife didn't move.", "'Never!'"], "en"),
      ),
    ).toEqual([1, 0, 0, 0]);
  });

  it("gives a bead gain for every shape, gaps included, preferring the translation", () => {
    const s = new LexicalDocScorer(
      ["她承认打我不对。", "小玄子笑道：“投不投降？”"],
      ["She admitted that she'd been wrong to slap me.", "'Surrender?'"],
    );
    expect(Number.isFinite(s.beadGain(0, 1, 0, 0))).toBe(true);
    expect(Number.isFinite(s.beadGain(0, 0, 0, 1))).toBe(true);
    const straight = s.beadGain(0, 1, 0, 1) + s.beadGain(1, 2, 1, 2);
    const merged = s.beadGain(0, 1, 0, 2) + s.beadGain(1, 2, 2, 2);
    expect(straight).toBeGreaterThan(merged);
  });
});

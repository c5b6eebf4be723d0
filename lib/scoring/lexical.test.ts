import { describe, expect, it } from "vitest";
import { LexicalDocScorer, N_BEAD_FEATURES } from "./lexical";
import { scorePair } from "../alignment";
import { corpusPath } from "../../tests/corpora";
import { itWithCorpora } from "../../tests/vitest-corpora";

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

  itWithCorpora("mac-dev", "gives the search exactly beadGain's values (cellGains), the silent feature included", async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const { ALL_SHAPES } = await import("../alignment/dp");
    const d = corpusPath("mac-dev");
    const read = (f: string) => fs.readFileSync(path.join(d, f), "utf8").replace(/\n$/, "").split("\n").slice(40, 100);
    const s = new LexicalDocScorer(read("002.zh"), read("002.en"));
    const S = ALL_SHAPES.length;
    const gains = s.cellGains(ALL_SHAPES);
    const prev = new Float64Array(S);
    const out = new Float64Array(S);
    let silentBeads = 0;
    for (let i = 1; i <= s.nZh; i++)
      for (let j = Math.max(1, Math.round(i * (s.nEn / s.nZh)) - 3); j <= Math.min(s.nEn, Math.round(i * (s.nEn / s.nZh)) + 3); j++) {
        for (let k = 0; k < S; k++) prev[k] = i - ALL_SHAPES[k][0] >= 0 && j - ALL_SHAPES[k][1] >= 0 ? 0 : -Infinity;
        gains(i, j, prev, out);
        let best = -Infinity;
        let bestExact = -Infinity;
        for (let k = 0; k < S; k++) {
          if (prev[k] === -Infinity) continue;
          const [a, b] = ALL_SHAPES[k];
          const exact = s.beadGain(i - a, i, j - b, j);
          // a pruned bead provably loses; every other one has beadGain's value
          if (out[k] !== -Infinity) expect(Math.abs(out[k] - exact)).toBeLessThan(1e-9);
          best = Math.max(best, out[k]);
          bestExact = Math.max(bestExact, exact);
          if (a && b && s.beadFeatures(i - a, i, j - b, j, new Float64Array(N_BEAD_FEATURES))[N_BEAD_FEATURES - 1] > 0) silentBeads++;
        }
        expect(best).toBeCloseTo(bestExact, 9);
      }
    expect(silentBeads).toBeGreaterThan(20);
  });

  it("gives gap evidence against the sentence of a bead that the other side does not explain", () => {
    const s = new LexicalDocScorer(
      ["她承认打我不对，也承认没有好好待我。"],
      ["She admitted that she'd been wrong to slap me, and that she hadn't treated me well.", "The quarterly report lists new tariffs on imported steel and aluminium."],
    );
    const e = s.gapEvidence({ z0: 0, z1: 1, e0: 0, e1: 2 });
    expect(e.length).toBe(3); // the Chinese sentence, then the two English ones
    // (a two-sentence document is too small for the absolute odds: its idf weights are flat and
    // its length ratio is this very bead's; gaps.test.ts checks them on real documents)
    expect(e[2]).toBeGreaterThan(e[1] + 3);
    expect(e[0]).toBeLessThan(0);
  });
});

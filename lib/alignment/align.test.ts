import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { align } from "./index";
import { readAlign } from "./format";
import { scoreDocument } from "./eval";
import { splitSentences } from "../text/segment";
import { headingLike } from "./comparable";
import { corpusPath } from "../../tests/corpora";
import { itWithCorpora } from "../../tests/vitest-corpora";

const SEEDS = path.resolve(__dirname, "../../seeds");
const lines = (f: string) => fs.readFileSync(f, "utf8").replace(/\n$/, "").split("\n");

describe("parallel alignment on real data", () => {
  itWithCorpora("mac-dev", "MAC-Dev 001 strict F1 stays above the measured floor (0.958 measured, floor 0.93)", () => {
    const d = corpusPath("mac-dev");
    const zh = lines(path.join(d, "001.zh"));
    const en = lines(path.join(d, "001.en"));
    const gold = readAlign(fs.readFileSync(path.join(d, "001.align"), "utf8"));
    const res = align(zh.map((text) => ({ text })), en.map((text) => ({ text })), { mode: "auto" });
    expect(res.mode).toBe("parallel");
    // every sentence exactly once
    expect(res.beads.flatMap((b) => b.zh).sort((a, b) => a - b)).toEqual(zh.map((_, i) => i));
    expect(res.beads.flatMap((b) => b.en).sort((a, b) => a - b)).toEqual(en.map((_, i) => i));
    const r = scoreDocument(gold, res.beads);
    expect(r.f1).toBeGreaterThan(0.93);
    // gaps get null scores, matched beads 0–100 with parts
    for (const b of res.beads) {
      if (!b.zh.length || !b.en.length) expect(b.score).toBeNull();
      else {
        expect(b.score).toBeGreaterThanOrEqual(0);
        expect(b.score).toBeLessThanOrEqual(100);
        expect(b.parts).not.toBeNull();
      }
    }
  });

  it("keeps excluded sentences as their own gap beads in place", () => {
    const zh = [{ text: "那天晚上我没走掉。" }, { text: "分享到微信", excluded: true }, { text: "陈清扬把我拽住。" }];
    const en = [{ text: "I did not leave that night." }, { text: "Chen Qingyang caught me." }];
    const res = align(zh, en, { mode: "parallel" });
    const ex = res.beads.filter((b) => b.excluded);
    expect(ex).toEqual([{ zh: [1], en: [], score: null, parts: null, crossing: false, excluded: true, confidence: null }]);
    expect(res.beads.map((b) => `${b.zh}:${b.en}`)).toEqual(["0:0", "1:", "2:1"]);
  });
});

describe("comparable mode on the Hongqi seed pair", () => {
  const zhSegs = splitSentences(fs.readFileSync(path.join(SEEDS, "hongqi-town.zh.txt"), "utf8"), "zh");
  const enSegs = splitSentences(fs.readFileSync(path.join(SEEDS, "hongqi-town.en.txt"), "utf8"), "en");
  const res = align(
    zhSegs.map((s) => ({ text: s.text, excluded: s.excluded })),
    enSegs.map((s) => ({ text: s.text, excluded: s.excluded })),
  );
  const pairsFor = (enNeedle: string) => {
    const j = enSegs.findIndex((s) => s.text.includes(enNeedle));
    expect(j).toBeGreaterThanOrEqual(0);
    const b = res.beads.find((x) => x.en.includes(j));
    return b ? b.zh.map((i) => zhSegs[i].text) : [];
  };

  it("is recognised as comparable in auto mode, with a reason", () => {
    expect(res.mode).toBe("comparable");
    expect(res.modeReason).toMatch(/comparable/);
  });

  it("finds the Xu Liuping, Zhu Tianshu and slogan correspondences", () => {
    expect(pairsFor("Xu Liuping").join("")).toContain("徐留平");
    expect(pairsFor("Zhu Tianshu").join("")).toContain("朱天舒");
    expect(pairsFor("Leshan, Leshui, Lohas").join("")).toContain("乐山、乐水、乐活");
  });

  it("pairs the two headlines (titles of both texts, with shared evidence)", () => {
    expect(pairsFor("Hongqi green smart town construction full start")).toEqual(["红旗小镇正式启动 中国一汽打造未来智慧城市生态综合体"]);
  });

  it("leaves most Chinese sentences without a counterpart", () => {
    const aligned = zhSegs.filter((s, i) => !s.excluded && res.beads.some((b) => b.en.length && b.zh.includes(i))).length;
    const notExcluded = zhSegs.filter((s) => !s.excluded).length;
    expect(aligned / notExcluded).toBeLessThan(0.35);
    // every index exactly once
    expect(res.beads.flatMap((b) => b.zh).sort((a, b) => a - b)).toEqual(zhSegs.map((_, i) => i));
    expect(res.beads.flatMap((b) => b.en).sort((a, b) => a - b)).toEqual(enSegs.map((_, i) => i));
  });
});

describe("titles in comparable mode", () => {
  it("recognises headings by their form", () => {
    expect(headingLike("Hongqi green smart town construction full start", "en")).toBe(true);
    expect(headingLike("红旗小镇正式启动 中国一汽打造未来智慧城市生态综合体", "zh")).toBe(true);
    expect(headingLike("The company's director presided over the launching ceremony.", "en")).toBe(false);
    expect(headingLike("吉林省副省长朱天舒出席启动仪式并致辞。", "zh")).toBe(false);
  });

  it("does not pair headings that share no evidence", () => {
    const zh = ["长江流域的春季农业", "今年春天，长江流域降雨偏多。", "农民推迟了水稻的播种。", "专家建议加强排水。"];
    const en = ["A new museum opens downtown", "The museum shows modern art from Berlin.", "Tickets cost 12 euros.", "It is open every day except Monday."];
    const res = align(zh.map((text) => ({ text })), en.map((text) => ({ text })), { mode: "comparable" });
    expect(res.beads.find((b) => b.en.includes(0))).toMatchObject({ zh: [], en: [0] });
  });
});

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkPair, weightedLength } from "./pair";

const ZH = readFileSync(path.join(__dirname, "../../seeds/hongqi-town.zh.txt"), "utf8");
const EN = readFileSync(path.join(__dirname, "../../seeds/hongqi-town.en.txt"), "utf8");

describe("checkPair", () => {
  it("accepts the seed pair", () => {
    expect(checkPair(EN, ZH)).toEqual({ ok: true, errors: [], warnings: [], swapped: false });
  });

  it("catches a swapped pair", () => {
    const r = checkPair(ZH, EN);
    expect(r.ok).toBe(false);
    expect(r.swapped).toBe(true);
    expect(r.errors).toEqual(["The English box holds Chinese text and the Chinese box English: swap them?"]);
  });

  it("catches same-language pairs", () => {
    const zz = checkPair(ZH, ZH.slice(0, 800));
    expect(zz.ok).toBe(false);
    expect(zz.swapped).toBe(false);
    expect(zz.errors[0]).toMatch(/^Both boxes hold Chinese text/);
    const ee = checkPair(EN, EN.slice(0, 1500));
    expect(ee.errors[0]).toMatch(/^Both boxes hold English text/);
  });

  it("identical text in both boxes", () => {
    expect(checkPair(EN, EN).errors[0]).toMatch(/^Both boxes hold the same text/);
  });

  it("one wrong side", () => {
    const r = checkPair("12 34 56 !!", "This is definitely an English sentence, not a Chinese one at all.");
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual(["The Chinese box holds English text"]);
    expect(r.warnings).toContain("The English box has almost no words in it");
  });

  it("empty sides", () => {
    expect(checkPair("  ", ZH).errors).toEqual(["The English box is empty"]);
    expect(checkPair(EN, "\n").errors).toEqual(["The Chinese box is empty"]);
  });

  it("short, low-confidence mismatches are warnings, not errors", () => {
    const r = checkPair("红旗镇", "Hello");
    expect(r.ok).toBe(true);
    expect(r.swapped).toBe(true);
    expect(r.warnings[0]).toMatch(/swap them\?/);
  });

  it("mixed bilingual text in one box is a warning", () => {
    const mixed = "红旗小镇正式启动 Hongqi town launch ceremony was held in Changchun 中国一汽";
    const r = checkPair(mixed, ZH);
    expect(r.warnings.join()).toMatch(/English box mixes English and Chinese/);
  });

  it("a wildly unbalanced pair is a warning, not an error", () => {
    const r = checkPair("Hongqi town launched in Changchun.", ZH);
    expect(r.ok).toBe(true);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^The English text is much shorter than the Chinese \(about \d+(\.\d)?% of its length\)/);
    // a normal translation ratio is not flagged
    expect(checkPair(EN.slice(0, 400), ZH.slice(0, 200)).warnings).toEqual([]);
  });

  it("weightedLength counts Han x3 and ignores whitespace", () => {
    expect(weightedLength("红旗 ab\n")).toBe(8);
  });
});

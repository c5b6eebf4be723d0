import { describe, expect, it } from "vitest";
import { detectLanguage } from "./language";

describe("detectLanguage", () => {
  it("detects Chinese, including text with embedded English names", () => {
    const r = detectLanguage("中国第一汽车集团有限公司(FAW)董事长徐留平在启动仪式上表示,红旗小镇将融合智能制造。");
    expect(r.lang).toBe("zh");
    expect(r.confidence).toBeGreaterThan(0.5);
  });
  it("detects English, including text with a few Han characters", () => {
    const r = detectLanguage("The Hongqi (红旗) town project was launched in Changchun on August 1, with more than 100 delegates.");
    expect(r.lang).toBe("en");
    expect(r.confidence).toBeGreaterThan(0.5);
  });
  it("is unknown without evidence or for an even mix", () => {
    expect(detectLanguage("12 34 !!")).toEqual({ lang: "unknown", confidence: 0 });
    expect(detectLanguage("开发开发 development").lang).toBe("unknown");
  });
  it("short text gets low confidence", () => {
    expect(detectLanguage("Hello").confidence).toBeLessThan(detectLanguage("Hello there, this is a much longer English sentence.").confidence);
  });
});

import { describe, expect, it } from "vitest";
import { splitSentences } from "./segment";

const excluded = (t: string, l: "en" | "zh") =>
  splitSentences(t, l).filter((s) => s.excluded).map((s) => [s.text, s.excludedReason]);

describe("clutter marking", () => {
  it("English web chrome", () => {
    const t = "Home > News > China\n\nBig Launch in Changchun\n\nSource: China Daily\nPublished: 2018-08-01\nAugust 1, 2018 13:49\nShare\nTags: cars, China\n\nThe town was launched. It is big.\n\nBig Launch in Changchun\n\nRecommended\nCopyright © 2018 China Daily. All rights reserved.";
    expect(excluded(t, "en")).toEqual([
      ["Home > News > China", "breadcrumb"],
      ["Source: China Daily", "source/date line"],
      ["Published: 2018-08-01", "source/date line"],
      ["August 1, 2018 13:49", "source/date line"],
      ["Share", "share/tag widget"],
      ["Tags: cars, China", "share/tag widget"],
      ["Big Launch in Changchun", "repeated line"],
      ["Recommended", "share/tag widget"],
      ["Copyright © 2018 China Daily.", "copyright boilerplate"],
      ["All rights reserved.", "copyright boilerplate"],
    ]);
  });
  it("keeps segments remaining in the output with offsets intact", () => {
    const t = "分享\n正文第一句。";
    const segs = splitSentences(t, "zh");
    expect(segs.map((s) => [s.text, s.excluded])).toEqual([["分享", true], ["正文第一句。", false]]);
    expect(t.slice(segs[0].start, segs[0].end)).toBe("分享");
  });
  it("never excludes normal sentences, short repeated dialogue or captions", () => {
    const t = "“是的。”\n他点点头。\n“是的。”\nYes > no is a valid comparison here.\n吉林省副省长朱天舒致辞\n来源于生活的艺术。";
    expect(excluded(t, "zh")).toEqual([]);
    expect(excluded("Yes.\nHe nodded.\nYes.\nShare the cake with her.\nBy the river we sat.", "en")).toEqual([]);
  });
  it("repeated sentences are kept (only title-like repeats are clutter)", () => {
    const p = "红旗小镇将以中国一汽新总部基地为核心,发挥集聚效应,打造智能化、低密度、生态型的城市空间。";
    const segs = splitSentences(`${p}\n耶和华晓谕摩西说，\n${p}\n耶和华晓谕摩西说，\n长春红旗小镇\n长春红旗小镇`, "zh");
    expect(segs.map((s) => s.excluded)).toEqual([false, false, false, false, false, true]);
  });
  it("a mid-paragraph repeat is not a repeated line", () => {
    const segs = splitSentences("很好。他说。\n很好。", "zh");
    expect(segs.every((s) => !s.excluded)).toBe(true);
  });
});

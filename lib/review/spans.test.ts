import { describe, expect, it } from "vitest";
import { highlightSegments, relocateSpan, spanProblem } from "./spans";

describe("span offsets", () => {
  it("refuse spans outside the text, empty, misquoted or cutting a surrogate pair", () => {
    const t = "Tea 🍵 is hot";
    expect(spanProblem(t, { start: 0, end: 3, text: "Tea" })).toBeNull();
    expect(spanProblem(t, { start: 4, end: 6, text: "🍵" })).toBeNull();
    expect(spanProblem(t, { start: 5, end: 6 })).toMatch(/surrogate/);
    expect(spanProblem(t, { start: 4, end: 5 })).toMatch(/surrogate/);
    expect(spanProblem(t, { start: 3, end: 3 })).toMatch(/does not fit/);
    expect(spanProblem(t, { start: 0, end: 99 })).toMatch(/does not fit/);
    expect(spanProblem(t, { start: 0, end: 3, text: "Tee" })).toMatch(/not the sentence's text/);
  });

  it("follow their text through edits around them and detach when it changes", () => {
    const before = "The cat sat on the mat.";
    const cat = { start: 4, end: 7 };
    expect(relocateSpan(before, "Yesterday the cat sat on the mat.", cat)).toEqual({ start: 14, end: 17 });
    expect(relocateSpan(before, "The cat sat on a mat.", cat)).toEqual(cat);
    expect(relocateSpan(before, "The big cat sat on the mat.", cat)).toEqual({ start: 8, end: 11 });
    expect(relocateSpan(before, "The cats sat on the mat.", cat)).toEqual(cat); // insertion right after the span
    expect(relocateSpan(before, "The dog sat on the mat.", cat)).toBeNull();
    expect(relocateSpan(before, "The ct sat on the mat.", cat)).toBeNull();
    expect(relocateSpan("他说猫很好。", "昨天他说猫很好。", { start: 2, end: 3 })).toEqual({ start: 4, end: 5 });
    expect(relocateSpan("他说猫很好。", "他说狗很好。", { start: 2, end: 3 })).toBeNull();
  });

  it("cut a sentence into highlighted segments, overlaps included", () => {
    const segs = highlightSegments("abcdefgh", [{ start: 2, end: 5, id: 1 }, { start: 4, end: 7, id: 2 }, { start: 9, end: 12, id: 3 }]);
    expect(segs.map((s) => [s.text, s.marks.map((m) => m.id)])).toEqual([
      ["ab", []],
      ["cd", [1]],
      ["e", [1, 2]],
      ["fg", [2]],
      ["h", []],
    ]);
    expect(segs.map((s) => s.text).join("")).toBe("abcdefgh");
    expect(highlightSegments("", [])).toEqual([{ text: "", start: 0, end: 0, marks: [] }]);
  });
});

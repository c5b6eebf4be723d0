import { describe, expect, it } from "vitest";
import { compileSearch, findMatches, replaceMatches, SearchError } from "./search";

const spans = async (texts: string[], spec: Parameters<typeof findMatches>[1]) =>
  (await findMatches(texts, spec)).map((ms, i) => ms.map((m) => texts[i].slice(m.start, m.end)));

describe("editor-style search", () => {
  it("is case-insensitive unless asked, and matches whole words in English", async () => {
    const t = ["The cat scattered the Cats; cat-like cat."];
    expect(await spans(t, { q: "cat" })).toEqual([["cat", "cat", "Cat", "cat", "cat"]]);
    expect(await spans(t, { q: "cat", caseSensitive: true })).toEqual([["cat", "cat", "cat", "cat"]]);
    expect(await spans(t, { q: "cat", wholeWord: true })).toEqual([["cat", "cat", "cat"]]);
    expect(await spans(t, { q: "c.t" })).toEqual([[]]); // not a regex: the dot is literal
  });

  it("matches whole words in Chinese on ICU word boundaries", async () => {
    const t = ["我们在北京大学学习。"];
    expect(await spans(t, { q: "北京", wholeWord: true })).toEqual([["北京"]]);
    expect(await spans(t, { q: "京大", wholeWord: true })).toEqual([[]]);
    expect(await spans(t, { q: "京大" })).toEqual([["京大"]]);
  });

  it("runs regular expressions with groups, refuses invalid ones with a clear message, and stops catastrophic ones", async () => {
    const t = ["Paid $12.50 on 2024-03-01 and 2025-12-31."];
    const spec = { q: "(\\d{4})-(\\d{2})-(\\d{2})", regex: true };
    const [ms] = await findMatches(t, spec);
    expect(replaceMatches(t[0], ms, "$3/$2/$1", true)).toBe("Paid $12.50 on 01/03/2024 and 31/12/2025.");
    expect(replaceMatches(t[0], ms, "$3/$2/$1", false)).toBe("Paid $12.50 on $3/$2/$1 and $3/$2/$1.");
    const [named] = await findMatches(t, { q: "(?<y>\\d{4})-\\d{2}", regex: true });
    expect(replaceMatches(t[0], named, "[$<y>] $$", true)).toBe("Paid $12.50 on [2024] $-01 and [2025] $-31.");
    expect(() => compileSearch({ q: "(unclosed", regex: true })).toThrow(SearchError);
    expect(() => compileSearch({ q: "(unclosed", regex: true })).toThrow(/Invalid regular expression/);
    const t0 = performance.now();
    await expect(findMatches(["a".repeat(40) + "!"], { q: "^(a+)+$", regex: true }, 500)).rejects.toThrow(/took longer than 0.5 s/);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});

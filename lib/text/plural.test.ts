import { describe, expect, it } from "vitest";
import { plural, pluralNoun } from "./plural";

describe("plural", () => {
  it("says 1 word, 0 and 2 words", () => {
    expect(plural(1, "word")).toBe("1 word");
    expect(plural(0, "word")).toBe("0 words");
    expect(plural(2, "word")).toBe("2 words");
  });
  it("groups thousands and takes irregular plurals", () => {
    expect(plural(1336, "pair")).toBe("1,336 pairs");
    expect(plural(3, "match", "matches")).toBe("3 matches");
    expect(pluralNoun(1, "is", "are")).toBe("is");
    expect(pluralNoun(4, "is", "are")).toBe("are");
  });
});

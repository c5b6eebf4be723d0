import { describe, expect, it } from "vitest";
import { getLexicon, englishKey, charReadings } from "./index";
import { decodeCompactLexicon, encodeCompactLexicon, keysOfGloss, type CompactLexicon } from "./cedict";

describe("CC-CEDICT lexicon", () => {
  const lex = getLexicon();

  it("translates Chinese words to lemmatised English keys", () => {
    expect(lex.translate("友谊")).toEqual(expect.arrayContaining(["friendship"]));
    expect(lex.translate("结构")).toContain("structure");
    expect(lex.translate("乐活")).toContain("lohas");
    expect(lex.translate("董事长")).toContain("chairman");
  });

  it("is usable in the reverse direction, for any inflection", () => {
    expect(lex.reverseLookup("friendships")).toContain("友谊");
    expect(lex.reverseLookup("chairman")).toContain("董事长");
    expect(lex.translates("打", "struck")).toBe(true); // strike ← struck via the lemmatiser
    expect(lex.translates("友谊", "structure")).toBe(false);
  });

  it("backs off to dictionary sub-words for unknown compounds", () => {
    expect(lex.has("拽住")).toBe(false);
    expect(lex.translate("拽住")).toEqual(expect.arrayContaining(["pull"]));
  });

  it("normalises English with a lemmatiser (not just a stemmer)", () => {
    expect(englishKey("mice")).toBe("mouse");
    expect(englishKey("went")).toBe("go");
    expect(englishKey("Friendships")).toBe("friendship");
  });

  it("drops cross-references and parenthetical notes from glosses", () => {
    expect(keysOfGloss("see 樂山市|乐山市[Le4 shan1 Shi4]")).toEqual([]);
    expect(keysOfGloss("to hit; (coll.) from")).toEqual(["hit"]);
  });

  it("splits romanised names into pinyin syllables and reads characters", () => {
    expect(lex.syllabify("Liuping")).toContainEqual(["liu", "ping"]);
    expect(lex.syllabify("Changchun")).toContainEqual(["chang", "chun"]);
    expect(lex.syllabify("Lord")).toEqual([]);
    expect(charReadings("长")).toEqual(expect.arrayContaining(["chang", "zhang"]));
  });

  it("round-trips the compact lexicon through the binary cache format", () => {
    const c: CompactLexicon = {
      version: 4,
      source: "cc-cedict@1",
      keys: ["hit", "strike", "friendship"],
      syllables: ["da", "you"],
      words: ["打", "友谊"],
      offsets: Int32Array.of(0, 2, 3),
      ids: Int32Array.of(0, 1, 2),
    };
    const back = decodeCompactLexicon(encodeCompactLexicon(c))!;
    expect(back.keys).toEqual(c.keys);
    expect(back.words).toEqual(c.words);
    expect(back.syllables).toEqual(c.syllables);
    expect([...back.offsets]).toEqual([...c.offsets]);
    expect([...back.ids]).toEqual([...c.ids]);
    expect(back.source).toBe(c.source);
    expect(decodeCompactLexicon(Buffer.from("not a lexicon"))).toBeNull();
  });
});

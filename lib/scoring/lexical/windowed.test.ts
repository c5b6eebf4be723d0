import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { corpusPath } from "../../../tests/corpora";
import { describeWithCorpora } from "../../../tests/vitest-corpora";
import { LexicalDocScorer } from "./scorer";
import { WindowedBeadScorer, type IndexedBead } from "./windowed";

const lines = (f: string) => fs.readFileSync(f, "utf8").replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n");

/** A gold alignment of the evaluation corpora: the texts and its beads (1-1, m-n, one-sided). */
function goldDocument(corpus: string, doc: string) {
  const zh = lines(corpusPath(corpus, `${doc}.zh`));
  const en = lines(corpusPath(corpus, `${doc}.en`));
  const beads: IndexedBead[] = lines(corpusPath(corpus, `${doc}.align`))
    .filter(Boolean)
    .map((line) => {
      const [z, e] = line.split(":").map((s) => JSON.parse(s) as number[]);
      return { zh: z, en: e };
    });
  return { zh, en, beads };
}

/** What LexicalDocScorer, prepared on the whole document, gives each bead (null when one-sided). */
function wholeDocumentScores(zh: string[], en: string[], beads: IndexedBead[]) {
  const scorer = new LexicalDocScorer(zh, en);
  return beads.map((b) => (b.zh.length && b.en.length ? scorer.score(b.zh, b.en) : null));
}

describeWithCorpora(["aca", "mac-dev"], "beads scored a chunk at a time", () => {
  it.each([
    ["aca", "001"],
    ["mac-dev", "001"],
    ["mac-dev", "004"],
  ])("%s %s: every bead's score and parts are those of the whole-document scorer", async (corpus, doc) => {
    const { zh, en, beads } = goldDocument(corpus, doc);
    expect(beads.some((b) => b.zh.length > 1 || b.en.length > 1)).toBe(true);
    const expected = wholeDocumentScores(zh, en, beads);
    // create: the statistics counted in slices (aca has over 1,000 sentences a side)
    const windowed = await WindowedBeadScorer.create(zh, en);
    const got: ReturnType<WindowedBeadScorer["score"]> = [];
    // uneven chunks, so that chunk edges fall inside neighbourhoods of every kind
    for (let from = 0, size = 1; from < beads.length; from += size, size = (size * 7) % 23 || 1) got.push(...windowed.score(beads.slice(from, from + size)));
    expect(got).toHaveLength(beads.length);
    expect(got).toEqual(expected);
  });

  it("gives the same scores whatever the chunks and their order (a chunk may hold beads from anywhere)", () => {
    const { zh, en, beads } = goldDocument("mac-dev", "002");
    const expected = wholeDocumentScores(zh, en, beads);
    const windowed = new WindowedBeadScorer(zh, en);
    const order = beads.map((_, k) => k).sort((a, b) => ((a * 7919) % 101) - ((b * 7919) % 101) || a - b);
    const got = new Array(beads.length);
    for (let s = 0; s < order.length; s += 40) {
      const part = order.slice(s, s + 40);
      windowed.score(part.map((k) => beads[k])).forEach((score, q) => (got[part[q]] = score));
    }
    expect(got).toEqual(expected);
  });
});

describe("beads scored a chunk at a time, without the corpora", () => {
  it("matches the whole-document scorer on a small text with numbers, names and quotations", () => {
    const zh = ["张伟说：“我们2019年去了北京。”", "会议在上海召开，有3000人参加。", "这是一个没有对应的句子。", "李明回答说他不知道。"];
    const en = ['Zhang Wei said: "We went to Beijing in 2019."', "The meeting was held in Shanghai with 3,000 people.", "Li Ming replied that he did not know."];
    const beads: IndexedBead[] = [{ zh: [0], en: [0] }, { zh: [1], en: [1] }, { zh: [2], en: [] }, { zh: [3], en: [2] }];
    const windowed = new WindowedBeadScorer(zh, en);
    const got = [...windowed.score(beads.slice(0, 1)), ...windowed.score(beads.slice(1))];
    expect(got).toEqual(wholeDocumentScores(zh, en, beads));
    expect(got[2]).toBeNull();
    expect(got[0]!.parts.numbers.matched).toBeGreaterThan(0);
  });
});

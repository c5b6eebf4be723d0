import fs from "node:fs";
import path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { align, DocumentScorer, scoreBeadInDocument, scorePair } from "./index";
import { corpusPath } from "../../tests/corpora";
import { describeWithCorpora } from "../../tests/vitest-corpora";

const lines = (f: string) => fs.readFileSync(f, "utf8").replace(/\n$/, "").split("\n");

describeWithCorpora("mac-dev", "rescoring a bead in its document (after manual edits)", () => {
  let zh: string[];
  let en: string[];
  let res: ReturnType<typeof align>;
  let doc: DocumentScorer;
  beforeAll(() => {
    const d = corpusPath("mac-dev");
    zh = lines(path.join(d, "002.zh"));
    en = lines(path.join(d, "002.en"));
    res = align(zh.map((text) => ({ text })), en.map((text) => ({ text })));
    doc = new DocumentScorer({ zh, en });
  });

  it("gives every aligned bead the aligner's score (±2), with and without positions", () => {
    let n = 0;
    for (const b of res.beads) {
      if (b.score === null) continue;
      const zt = b.zh.map((i) => zh[i]);
      const et = b.en.map((j) => en[j]);
      expect(Math.abs(doc.score(zt, et, { zh: b.zh, en: b.en }).score - b.score)).toBeLessThanOrEqual(2);
      expect(Math.abs(doc.score(zt, et).score - b.score)).toBeLessThanOrEqual(2);
      n++;
    }
    expect(n).toBeGreaterThan(100);
  });

  it("keeps an edited bead on the same scale (a small edit moves the score a little)", () => {
    const good = res.beads.filter((b) => b.score !== null && b.score > 60 && b.zh.length === 1 && b.en.length === 1);
    expect(good.length).toBeGreaterThan(20);
    let moved = 0;
    for (const b of good) {
      const et = b.en.map((j) => en[j]);
      et[0] = "Indeed, " + et[0];
      const s = doc.score([zh[b.zh[0]]], et, { zh: b.zh, en: b.en }).score;
      moved += Math.abs(s - b.score!);
    }
    expect(moved / good.length).toBeLessThan(8);
    // a wrong edit (another sentence's translation) scores low: over all these beads, not one
    // (a short sentence and an unrelated one can share a word or two and score high by chance)
    const wrong = good.map((b) => doc.score([zh[b.zh[0]]], [en[(b.en[0] + 40) % en.length]], { zh: b.zh, en: b.en }).score);
    expect([...wrong].sort((x, y) => x - y)[wrong.length >> 1]).toBeLessThan(30);
    expect(wrong.filter((s, k) => s < good[k].score!).length).toBeGreaterThanOrEqual(0.9 * good.length);
  });

  it("is fast on a prepared document (< 20 ms per call)", () => {
    const beads = res.beads.filter((b) => b.score !== null).slice(0, 50);
    const t0 = performance.now();
    for (const b of beads) doc.score(b.zh.map((i) => zh[i]), b.en.map((j) => "Indeed, " + en[j]), { zh: b.zh, en: b.en });
    expect((performance.now() - t0) / beads.length).toBeLessThan(20);
  });

  it("scoreBeadInDocument is the one-off form; scorePair stays context-free", () => {
    const b = res.beads.find((x) => x.score !== null && x.zh.length === 1)!;
    const r = scoreBeadInDocument({ zh, en }, { zh: [zh[b.zh[0]]], en: b.en.map((j) => en[j]) });
    expect(Math.abs(r.score - b.score!)).toBeLessThanOrEqual(2);
    expect(scorePair([zh[b.zh[0]]], b.en.map((j) => en[j])).score).toBeGreaterThanOrEqual(0);
  });
});

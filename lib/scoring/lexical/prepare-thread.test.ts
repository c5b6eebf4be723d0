import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Lexicon } from "../../lexicon";
import { loadCompactLexicon } from "../../lexicon/cedict";
import { corporaDir } from "../../../tests/corpora";
import { prepareEnglish, TokenKeys } from "./prepare";
import { startEnglishPreparation, THREAD_MIN_CHARS } from "./prepare-thread";

const lines = (f: string) => fs.readFileSync(f, "utf8").replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n");
const enFile = path.join(corporaDir(), "mac-dev", "001.en");
// English with numbers, names and words the dictionary does not know (interned keys)
const texts = fs.existsSync(enFile)
  ? lines(enFile)
  : ["In 1998 Mr. Zhang Wei met 2,000 flibbertigibbets at Qinghua.", "Xi Jinping's 19th report, 3.5%, zorbulating."];

describe("the English side prepared on a second thread", () => {
  it("gives the sentences, key ids and weights included, that preparing them here gives", () => {
    // two fresh lexicons in the same state: keys interned for an earlier document, one of which the
    // text has too; the thread's own ids for the words it interns must map onto exactly these ids
    const [viaLex, hereLex] = [new Lexicon(loadCompactLexicon()), new Lexicon(loadCompactLexicon())];
    const base = viaLex.keys.length;
    for (const lex of [viaLex, hereLex]) for (const k of ["#n:2", "earlier-document-word"]) lex.internKey(k);
    const pending = startEnglishPreparation(texts, 0);
    expect(pending).not.toBeNull();
    const viaThread = pending!.take(new TokenKeys(viaLex));
    const hereKeys = new TokenKeys(hereLex);
    const here = prepareEnglish(hereKeys, texts);
    expect(viaThread).not.toBeNull();
    expect(viaThread!.sents).toEqual(here.sents);
    expect([...viaThread!.df]).toEqual([...here.df]);
    expect(viaLex.keys).toEqual(hereLex.keys);
    // the text has interned words and name candidates, so both paths were exercised
    expect(here.sents.some((s) => s.toks.some((t) => t.key >= base + 2))).toBe(true);
    expect(here.sents.some((s) => s.toks.some((t) => t.segs))).toBe(true);
  });

  it("is not used for a short document or with PARALLAX_THREADS=0", () => {
    expect(startEnglishPreparation(texts.slice(0, 5))).toBeNull();
    expect(texts.slice(0, 5).join("").length).toBeLessThan(THREAD_MIN_CHARS);
    process.env.PARALLAX_THREADS = "0";
    try {
      expect(startEnglishPreparation(texts, 0)).toBeNull();
    } finally {
      delete process.env.PARALLAX_THREADS;
    }
  });
});

import { describe, expect, it } from "vitest";
import { indexKeys } from "./prepare";
import { EMPTY_I32, EMPTY_MASK, K_LEARNED, K_LEX, K_NUMBER, type ZhSent, type ZhTok } from "./sentences";

function sentence(toks: ZhTok[]): ZhSent {
  return { text: "", toks, words: 0, lkKey: EMPTY_I32, lkTok: EMPTY_I32, lkKind: new Uint8Array(0), lkSig: EMPTY_MASK, totalW: 0, len: 0, syl: null, charTok: null, punct: 0 };
}
const tok = (kind: number, cands: number[], learned: number[] | null = null): ZhTok => ({
  text: "x",
  start: 0,
  end: 1,
  kind,
  cands: Int32Array.from(cands),
  learned: learned && Int32Array.from(learned),
  w: 1,
  df: 1,
});

describe("key index of a sentence", () => {
  it("sorts by key, then token, translations before learned keys", () => {
    const s = sentence([tok(K_LEX, [7, 3], [5, 3]), tok(K_NUMBER, [3]), tok(K_LEX, [1 << 30])]);
    indexKeys(s);
    expect(Array.from(s.lkKey)).toEqual([3, 3, 3, 5, 7, 1 << 30]);
    expect(Array.from(s.lkTok)).toEqual([0, 0, 1, 0, 0, 2]);
    expect(Array.from(s.lkKind)).toEqual([K_LEX, K_LEARNED, K_NUMBER, K_LEARNED, K_LEX, K_LEX]);
  });

  it("gives the same index with small keys (32-bit codes) as with large ones", () => {
    const s = sentence([tok(K_LEX, [7, 3], [5, 3]), tok(K_NUMBER, [3]), tok(K_LEX, [9, 1]), tok(K_LEX, [], [9])]);
    indexKeys(s);
    expect(Array.from(s.lkKey)).toEqual([1, 3, 3, 3, 5, 7, 9, 9]);
    expect(Array.from(s.lkTok)).toEqual([2, 0, 0, 1, 0, 0, 2, 3]);
    expect(Array.from(s.lkKind)).toEqual([K_LEX, K_LEX, K_LEARNED, K_NUMBER, K_LEARNED, K_LEX, K_LEX, K_LEARNED]);
  });

  it("handles sentences of more than 65,536 tokens", () => {
    const n = 70_000;
    const s = sentence(Array.from({ length: n }, (_, k) => tok(K_LEX, [n - k, 2_000_000_000])));
    indexKeys(s);
    expect(s.lkKey.length).toBe(2 * n);
    for (let q = 0; q < n; q++) {
      expect(s.lkKey[q]).toBe(q + 1);
      expect(s.lkTok[q]).toBe(n - q - 1);
    }
    expect(s.lkKey[n]).toBe(2_000_000_000);
    expect(s.lkTok[2 * n - 1]).toBe(n - 1);
  });
});

import { describe, expect, it } from "vitest";
import { nextMarked, pairByNumber } from "./nav";

describe("next marked pair", () => {
  const list = [10, 20, 30, 40, 50];
  const marked = new Set([20, 40]);
  it("goes forward and back from the focus, wrapping around", () => {
    expect(nextMarked(list, 20, marked, 1)).toBe(40);
    expect(nextMarked(list, 40, marked, 1)).toBe(20);
    expect(nextMarked(list, 40, marked, -1)).toBe(20);
    expect(nextMarked(list, 30, marked, -1)).toBe(20);
  });
  it("never returns the focused pair or a skipped one, and null when nothing is left", () => {
    expect(nextMarked(list, 20, new Set([20]), 1)).toBeNull();
    expect(nextMarked(list, 10, marked, 1, new Set([20]))).toBe(40);
    expect(nextMarked([], null, marked, 1)).toBeNull();
  });
  it("starts at the top (or bottom) without a focus in the list", () => {
    expect(nextMarked(list, null, marked, 1)).toBe(20);
    expect(nextMarked(list, 99, marked, -1)).toBe(40);
  });
});

describe("pair by number", () => {
  it("reads a number in reading order and refuses others", () => {
    expect(pairByNumber([7, 8, 9], "2")).toEqual({ id: 8 });
    expect(pairByNumber([7, 8, 9], " 3 ")).toEqual({ id: 9 });
    expect(pairByNumber([7, 8, 9], "4")).toHaveProperty("error");
    expect(pairByNumber([7, 8, 9], "x")).toHaveProperty("error");
    expect(pairByNumber([7, 8, 9], "0")).toHaveProperty("error");
  });
});

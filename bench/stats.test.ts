import { describe, expect, it } from "vitest";
import { percentile, summarize, Tally } from "./lib/stats";
import { parseArgs, UsageError } from "./lib/args";
import { rng } from "./lib/workload";

describe("percentile (nearest rank)", () => {
  it("returns a sample: the smallest value with at least p % of the samples at or below it", () => {
    const xs = [15, 20, 35, 40, 50];
    expect(percentile(xs, 5)).toBe(15);
    expect(percentile(xs, 30)).toBe(20);
    expect(percentile(xs, 40)).toBe(20);
    expect(percentile(xs, 50)).toBe(35);
    expect(percentile(xs, 100)).toBe(50);
  });

  it("does not depend on the order of the samples and leaves them unsorted", () => {
    const xs = [9, 1, 5, 3, 7];
    expect(percentile(xs, 50)).toBe(5);
    expect(xs).toEqual([9, 1, 5, 3, 7]);
  });

  it("p95 and p99 of 1..1000 are 950 and 990; of 1..10 both are 10", () => {
    const thousand = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(percentile(thousand, 95)).toBe(950);
    expect(percentile(thousand, 99)).toBe(990);
    const ten = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(percentile(ten, 95)).toBe(10);
    expect(percentile(ten, 99)).toBe(10);
  });

  it("is NaN without samples and refuses p outside (0, 100]", () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it("summarize agrees with percentile", () => {
    const random = rng(3);
    const xs = Array.from({ length: 777 }, () => Math.round(random() * 1000));
    const s = summarize(xs);
    expect(s).toMatchObject({ n: 777, p50: percentile(xs, 50), p95: percentile(xs, 95), p99: percentile(xs, 99), max: Math.max(...xs) });
    expect(s.mean).toBeCloseTo(xs.reduce((a, b) => a + b, 0) / xs.length, 9);
    expect(summarize([]).n).toBe(0);
  });
});

describe("Tally", () => {
  it("counts by key", () => {
    const t = new Tally();
    t.add("ok");
    t.add("ok");
    t.add("conflict", 3);
    expect(t.get("ok")).toBe(2);
    expect(t.get("error")).toBe(0);
    expect(t.total).toBe(5);
  });
});

describe("rng", () => {
  it("is deterministic per seed and stays in [0, 1)", () => {
    const a = rng(42);
    const b = rng(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(rng(43)()).not.toBe(xs[0]);
  });
});

describe("parseArgs", () => {
  const spec = {
    db: { choices: ["sqlite", "postgresql"], default: "sqlite" },
    editors: { int: { min: 1, max: 250 }, default: 50 },
    hotShare: { num: { min: 0, max: 1 }, default: 0.1 },
    keep: { flag: true, default: false },
  };
  it("reads --name value and --name=value, camel-casing dashed names", () => {
    expect(parseArgs(["--db", "postgresql", "--editors=5", "--hot-share", "0.25", "--keep"], spec, "usage")).toEqual({
      db: "postgresql",
      editors: 5,
      hotShare: 0.25,
      keep: true,
    });
    expect(parseArgs([], spec, "usage")).toEqual({ db: "sqlite", editors: 50, hotShare: 0.1, keep: false });
  });
  it("refuses unknown options and bad values with a message", () => {
    expect(() => parseArgs(["--db", "mysql"], spec, "usage")).toThrow(/--db must be one of sqlite, postgresql/);
    expect(() => parseArgs(["--editors", "0"], spec, "usage")).toThrow(/from 1 to 250/);
    expect(() => parseArgs(["--editors", "2.5"], spec, "usage")).toThrow(/an integer/);
    expect(() => parseArgs(["--instances", "2"], spec, "usage")).toThrow(UsageError);
    expect(() => parseArgs(["--editors"], spec, "usage")).toThrow(/needs a value/);
  });
});

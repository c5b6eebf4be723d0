import { describe, expect, it } from "vitest";
import { byAttention, type TriageFacts } from "./triage";

const pair = (position: number, over: Partial<TriageFacts> = {}): TriageFacts => ({
  position,
  score: 80,
  confidence: 0.9,
  status: "automatic",
  gap: false,
  clutter: false,
  openFlags: 0,
  openFindings: 0,
  ...over,
});

const order = (list: TriageFacts[]) => [...list].sort(byAttention).map((p) => p.position);

describe("needs attention first", () => {
  it("puts reviewed pairs after those to review, web clutter last", () => {
    expect(order([pair(0, { clutter: true, score: null }), pair(1, { status: "confirmed" }), pair(2)])).toEqual([2, 1, 0]);
  });
  it("a confirmed pair with an open flag or finding still needs attention", () => {
    expect(order([pair(0, { status: "confirmed" }), pair(1, { status: "confirmed", openFindings: 1 }), pair(2)])).toEqual([1, 2, 0]);
  });
  it("more open problems first: gap, flag, finding", () => {
    const list = [pair(0), pair(1, { openFindings: 2 }), pair(2, { gap: true, score: null, openFindings: 1 }), pair(3, { openFlags: 1, openFindings: 1 })];
    expect(order(list)).toEqual([2, 3, 1, 0]);
  });
  it("then the weaker of confidence and score, then reading order", () => {
    const list = [pair(0, { score: 90, confidence: 0.2 }), pair(1, { score: 30, confidence: 0.95 }), pair(2, { score: 60, confidence: null }), pair(3, { score: 60, confidence: null })];
    expect(order(list)).toEqual([0, 1, 2, 3]);
    expect(order([pair(0, { score: 95 }), pair(1, { score: 50 })])).toEqual([1, 0]);
  });
});

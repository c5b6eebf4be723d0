// Pair positions are a sort key with gaps: merges and splits leave the other pairs' rows alone,
// room is made by spreading positions out (order kept), and undo puts a removed pair back in
// its place even after positions were spread out since.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkBitextInvariants, mergeWithNext, splitPair, undoLast, unlinkPair, VersionConflictError } from "../review";
import { PAIR_GAP } from "./core";
import { fakeScore, freshEnv, pairsWithSides, type TestEnv } from "../../../tests/review/helpers";

const opts = { score: fakeScore };
let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv();
});
afterEach(async () => {
  await env.close();
});

const pairs = () => pairsWithSides(env.db, env.bitextId);
type P = Awaited<ReturnType<typeof pairs>>[number];
const versions = (...ps: { id: number; version: number }[]) => Object.fromEntries(ps.map((p) => [p.id, p.version]));
async function positions() {
  const rows = await env.db.alignmentPair.findMany({ where: { bitextId: env.bitextId }, select: { id: true, position: true, updatedAt: true } });
  return new Map(rows.map((p) => [p.id, p]));
}
function adjacentAt(ps: P[], from: number, bothSides = false): [P, P] {
  for (let i = from; i + 1 < ps.length; i++) {
    if (ps[i].en.length && ps[i + 1].en.length && (!bothSides || ps[i].zh.length)) return [ps[i], ps[i + 1]];
  }
  throw new Error("the seeded bitext has no two neighbouring pairs with English");
}
async function invariantsHold() {
  expect(await checkBitextInvariants(env.db, env.bitextId)).toEqual([]);
}

describe("pair positions", () => {
  it("a merge rewrites no other pair; a split between consecutive positions spreads them once, in order", async () => {
    const ps = await pairs();
    // as imported: consecutive
    expect(ps.map((p) => p.position)).toEqual(ps.map((_, i) => i));
    const [a, b] = adjacentAt(ps, 2, true);
    const before = await positions();
    const m = await mergeWithNext(env.db, env.alice, { pairId: a.id, expectedVersions: versions(a, b) }, opts);
    const merged = await positions();
    expect(merged.has(b.id)).toBe(false);
    for (const [id, p] of merged) {
      if (id === a.id) continue;
      expect(p.position).toBe(before.get(id)!.position);
      expect(p.updatedAt).toEqual(before.get(id)!.updatedAt);
    }

    // the split back takes the position the merge freed
    const s = await splitPair(env.db, env.alice, { pairId: a.id, en: a.en.length, zh: a.zh.length, expectedVersion: m.pairs[0].version }, opts);
    const created = s.pairs.find((p) => p.id !== a.id)!;
    expect(created.position).toBe(b.position);
    const splitBack = await positions();
    for (const [id, p] of merged) expect(splitBack.get(id)!.position).toBe(p.position);
    expect((await pairs()).map((p) => p.id)).toEqual(ps.map((p) => (p.id === b.id ? created.id : p.id)));

    // a and the new pair sit on consecutive positions: the next split spreads every position out
    const again = await splitPair(env.db, env.bob, { pairId: a.id, en: a.en.length, zh: 0, expectedVersion: s.pairs.find((p) => p.id === a.id)!.version }, opts);
    const third = again.pairs.find((p) => p.id !== a.id)!;
    expect(third.position).toBe(a.position * PAIR_GAP + PAIR_GAP / 2);
    const spread = await positions();
    for (const [id, p] of splitBack) expect(spread.get(id)!.position).toBe(p.position * PAIR_GAP);
    expect((await pairs()).map((p) => p.id)).toEqual(ps.flatMap((p) => (p.id === a.id ? [a.id, third.id] : p.id === b.id ? [created.id] : [p.id])));

    // now there is room: a split moves nobody
    const fourth = await splitPair(env.db, env.bob, { pairId: third.id, en: 0, zh: 1, expectedVersion: third.version }, opts).catch((err: Error) => err);
    if (!(fourth instanceof Error)) {
      const after = await positions();
      for (const [id, p] of spread) expect(after.get(id)!.position).toBe(p.position);
    }
    await invariantsHold();
  });

  it("a merge with a pair that no longer follows is a version conflict", async () => {
    const ps = await pairs();
    const [a, b] = adjacentAt(ps, 2);
    const c = ps[ps.indexOf(b) + 1];
    // the client thinks c follows a (say, it saw b merged away by someone who then undid it)
    await expect(mergeWithNext(env.db, env.alice, { pairId: a.id, expectedVersions: versions(a, c) }, opts)).rejects.toBeInstanceOf(VersionConflictError);
    await invariantsHold();
  });

  it("undo puts a merged-away pair back right after its neighbour, though positions were spread out since", async () => {
    const ps = await pairs();
    const [a, b] = adjacentAt(ps, 3);
    await mergeWithNext(env.db, env.alice, { pairId: a.id, expectedVersions: versions(a, b) }, opts);
    // Bob's unlink of a pair near the start creates a pair between consecutive positions
    const m = ps.slice(0, 3).find((p) => p.en.length && p.zh.length)!;
    const u = await unlinkPair(env.db, env.bob, { pairId: m.id, expectedVersion: m.version }, opts);
    const created = u.pairs.find((p) => p.id !== m.id)!;
    expect((await positions()).get(a.id)!.position).toBe(a.position * PAIR_GAP);

    const r = await undoLast(env.db, env.alice, { bitextId: env.bitextId });
    expect(r?.action).toBe("merge");
    const now = await pairs();
    const expected = ps.flatMap((p) => (p.id === m.id ? [m.id, created.id] : [p.id]));
    expect(now.map((p) => p.id)).toEqual(expected);
    expect(now.find((p) => p.id === b.id)!.sentences.map((s) => s.id)).toEqual(b.sentences.map((s) => s.id));
    await invariantsHold();
  });
});

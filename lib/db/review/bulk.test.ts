// Bulk actions over the filtered pairs: a preview, one audit row, one undo that restores every
// pair exactly, pairs changed since the preview skipped; and how long 1,000 and 10,000 take.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyBulk, previewBulk } from "./bulk";
import { setPairStatus, undoLast } from "../review";
import { checkBitextInvariants } from "./read";
import { importAlignedCorpus } from "../import-aligned";
import { freshEnv, stateOf, type TestEnv } from "../../../tests/review/helpers";

let env: TestEnv;
beforeAll(async () => {
  env = await freshEnv();
}, 120_000);
afterAll(() => env?.close());

const confirm = { type: "status", status: "confirmed" } as const;

describe("bulk actions", () => {
  it("confirm every pair matching the filter after a preview, skip pairs changed since, and undo in one step", async () => {
    const { db, alice, bob, bitextId } = env;
    const start = await stateOf(db, bitextId);
    const filter = { status: "automatic" };
    const preview = await previewBulk(db, bitextId, { filter, action: confirm });
    const automatic = start.pairs.filter((p) => p.status === "automatic").length;
    expect(preview.matching).toBe(automatic);
    expect(preview.count).toBeGreaterThan(2);
    expect(preview.count + preview.unchanged).toBe(preview.matching);
    expect(preview.sample[0]).toMatchObject({ number: expect.any(Number), status: "automatic" });
    expect(preview.sample[0].en.length + preview.sample[0].zh.length).toBeGreaterThan(0);

    // Bob confirms one previewed pair meanwhile: it is skipped, never overwritten
    const [firstId, v] = Object.entries(preview.expectedVersions)[0];
    await setPairStatus(db, bob, { pairId: Number(firstId), status: "flagged", expectedVersion: v });
    const afterBob = await stateOf(db, bitextId);
    const r = await applyBulk(db, alice, bitextId, { filter, action: confirm, expectedVersions: preview.expectedVersions });
    expect(r.skipped).toEqual([{ pairId: Number(firstId), reason: "changed-since-preview" }]);
    expect(r.changed).toHaveLength(preview.count - 1);
    const rows = await db.alignmentPair.findMany({ where: { id: { in: r.changed } } });
    expect(rows.every((p) => p.status === "confirmed")).toBe(true);
    expect((await db.alignmentPair.findUniqueOrThrow({ where: { id: Number(firstId) } })).status).toBe("flagged");
    expect(await db.auditLog.count({ where: { bitextId, action: "bulk.status" } })).toBe(1);

    // a single confirm after the bulk one collides with it (statusAt moved) as with any status change
    const changedRow = rows[0];
    await expect(setPairStatus(db, bob, { pairId: changedRow.id, status: "automatic", expectedVersion: changedRow.version - 1 })).rejects.toThrow(/changed by Alice/);

    const undone = await undoLast(db, alice, { bitextId });
    expect(undone?.action).toBe("bulk.status");
    expect(await stateOf(db, bitextId)).toEqual(afterBob);
    expect(await checkBitextInvariants(db, bitextId)).toEqual([]);
  });

  it("flag and exclude the filtered pairs with one undo each; a refused flag needs its category", async () => {
    const { db, alice, bitextId } = env;
    const start = await stateOf(db, bitextId);
    const filter = { minScore: 0 };
    const flag = { type: "flag", category: "accuracy/omission", severity: "minor", note: "bulk" } as const;
    const p = await previewBulk(db, bitextId, { filter, action: flag });
    expect(p.count).toBeGreaterThan(0);
    const r = await applyBulk(db, alice, bitextId, { filter, action: flag, expectedVersions: p.expectedVersions });
    expect(await db.flag.count({ where: { note: "bulk", pairId: { in: r.changed } } })).toBe(r.changed.length);
    await undoLast(db, alice, { bitextId });
    expect(await stateOf(db, bitextId)).toEqual(start);

    const ex = await previewBulk(db, bitextId, { filter, action: { type: "exclude" } });
    const rx = await applyBulk(db, alice, bitextId, { filter, action: { type: "exclude" }, expectedVersions: ex.expectedVersions });
    expect(await db.sentence.count({ where: { pairId: { in: rx.changed }, excluded: false } })).toBe(0);
    await undoLast(db, alice, { bitextId });
    expect(await stateOf(db, bitextId)).toEqual(start);
    expect(await checkBitextInvariants(db, bitextId)).toEqual([]);

    await expect(previewBulk(db, bitextId, { filter, action: { type: "flag", severity: "minor" } as never })).rejects.toThrow(/choose an MQM category/);
  });

  it("confirms 1,000 and 10,000 pairs of a 10,000-pair document in chunks of 1,000, each undone in one step (timed)", async () => {
    const { db, alice } = env;
    const pairs = Array.from({ length: 10_000 }, (_, i) => ({ position: i, en: [{ text: `Sentence number ${i} of the long document.` }], zh: [{ text: `长文档的第${i}句。` }] }));
    const { bitextId } = await importAlignedCorpus(db, { projectName: "bulk bench", title: "10k", mode: "parallel" }, pairs, "synthetic");
    // the pairs' own rows (stateOf reads every sentence's corrections with one list: too many here)
    const pairState = () => db.alignmentPair.findMany({ where: { bitextId }, orderBy: { position: "asc" }, select: { id: true, status: true, score: true, origin: true, crossing: true } });
    const start = await pairState();
    const times: Record<string, number> = {};
    const time = async <T>(label: string, fn: () => Promise<T>) => {
      const t = performance.now();
      const out = await fn();
      times[label] = Math.round(performance.now() - t);
      return out;
    };
    const preview = await time("preview 10,000", () => previewBulk(db, bitextId, { filter: {}, action: confirm }));
    expect(preview.count).toBe(10_000);
    const first1000 = Object.fromEntries(Object.entries(preview.expectedVersions).slice(0, 1000));
    const r1 = await time("confirm 1,000", () => applyBulk(db, alice, bitextId, { filter: {}, action: confirm, expectedVersions: first1000 }));
    expect(r1.changed).toHaveLength(1000);
    await time("undo 1,000", () => undoLast(db, alice, { bitextId }));
    const again = await previewBulk(db, bitextId, { filter: {}, action: confirm });
    const r2 = await time("confirm 10,000", () => applyBulk(db, alice, bitextId, { filter: {}, action: confirm, expectedVersions: again.expectedVersions }));
    expect(r2.changed).toHaveLength(10_000);
    expect(r2.auditIds).toHaveLength(10); // chunks of 1,000: the write lock is released between them
    const u = await time("undo 10,000", () => undoLast(db, alice, { bitextId }));
    expect(u?.undoneAuditId).toBe(r2.auditId);
    // one undo row per chunk, each its own transaction: the write lock is released between them too
    const undoRows = await db.auditLog.findMany({ where: { bitextId, action: "undo", id: { gt: r2.auditId! } }, orderBy: { id: "asc" } });
    expect(undoRows.map((r) => (r.before as { group?: { part: number; parts: number } }).group)).toEqual(
      Array.from({ length: 10 }, (_, k) => ({ of: r2.auditId, part: k + 1, parts: 10 })),
    );
    expect(await undoLast(db, alice, { bitextId })).toBeNull(); // the whole group was one undo (the 1,000 were undone before)
    expect(await pairState()).toEqual(start);
    console.log("bulk timings (ms):", JSON.stringify(times));
    expect(times["confirm 1,000"]).toBeLessThan(5_000);
  }, 300_000);

  it("refuses the undo of a bulk action in chunks as a whole when a pair of an older chunk changed since", async () => {
    const { db, alice, bob } = env;
    const pairs = Array.from({ length: 2_500 }, (_, i) => ({ position: i, en: [{ text: `Line ${i}.` }], zh: [{ text: `第${i}行。` }] }));
    const { bitextId } = await importAlignedCorpus(db, { projectName: "bulk undo conflict", title: "2.5k", mode: "parallel" }, pairs, "synthetic");
    const preview = await previewBulk(db, bitextId, { filter: {}, action: confirm });
    const r = await applyBulk(db, alice, bitextId, { filter: {}, action: confirm, expectedVersions: preview.expectedVersions });
    expect(r.auditIds).toHaveLength(3);
    // Bob changes a pair of the first (oldest) chunk after Alice's bulk confirm
    const oldest = await db.alignmentPair.findFirstOrThrow({ where: { bitextId }, orderBy: { position: "asc" } });
    await setPairStatus(db, bob, { pairId: oldest.id, status: "flagged", expectedVersion: oldest.version });
    const before = await db.alignmentPair.findMany({ where: { bitextId }, orderBy: { id: "asc" }, select: { id: true, status: true, version: true } });
    await expect(undoLast(db, alice, { bitextId })).rejects.toThrow(/changed by Bob/);
    // nothing was undone, not even the newest chunk's pairs
    expect(await db.alignmentPair.findMany({ where: { bitextId }, orderBy: { id: "asc" }, select: { id: true, status: true, version: true } })).toEqual(before);
    expect(await db.auditLog.count({ where: { bitextId, action: "undo" } })).toBe(0);
    expect(await checkBitextInvariants(db, bitextId)).toEqual([]);
  }, 120_000);
});

// The load and crash tests' database verification (bench/lib/verify.ts), on a small bitext
// changed through the review services: a clean run passes, and each kind of damage (a lost
// write, an unacknowledged one, a duplicate, a bypassed version, a broken invariant, a
// half-applied merge) is reported.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../lib/db/client";
import { importAlignedCorpus } from "../lib/db/import-aligned";
import { addFlag, correctSentences, mergeWithNext, setPairStatus, splitPair, updateFlag, VersionConflictError, type ScoreFn } from "../lib/db/review";
import { tempDatabase, type TempDatabase } from "../tests/db/test-db";
import { verifyRun, type VerifyInput } from "./lib/verify";
import type { WriteRecord } from "./lib/workload";

const score: ScoreFn = (zh, en) => ({ score: (zh.join("").length + en.join(" ").length) % 100, parts: null });

let temp: TempDatabase;
let db: Db;
let input: VerifyInput;
let ids: number[];
let userA: number;
let userB: number;

function rec(r: Partial<WriteRecord> & Pick<WriteRecord, "op" | "pairId" | "userId" | "outcome">): WriteRecord {
  return { seq: 0, editor: 0, status: r.outcome === "ok" ? 200 : r.outcome === "conflict" ? 409 : 0, ms: 1, at: 0, ...r };
}

const version = async (id: number) => (await db.alignmentPair.findUniqueOrThrow({ where: { id } })).version;

beforeAll(async () => {
  temp = tempDatabase("bench-verify");
  db = temp.db;
  const pairs = Array.from({ length: 12 }, (_, i) => ({
    position: i,
    en: [{ text: `The river rose ${i + 1} metres overnight.` }],
    zh: i === 5 ? [{ text: `河水一夜上涨了${i + 1}米。` }, { text: "居民已撤离。" }] : [{ text: `河水一夜上涨了${i + 1}米。` }],
  }));
  const { bitextId } = await importAlignedCorpus(db, { projectName: "verify", title: "verify", mode: "parallel" }, pairs, "test");
  ids = (await db.alignmentPair.findMany({ where: { bitextId }, orderBy: { position: "asc" }, select: { id: true } })).map((p) => p.id);
  userA = (await db.user.create({ data: { email: "a@verify.test", name: "A" } })).id;
  userB = (await db.user.create({ data: { email: "b@verify.test", name: "B" } })).id;
  const auditFloor = (await db.auditLog.aggregate({ _max: { id: true } }))._max.id ?? 0;
  const records: WriteRecord[] = [];
  const A = { id: userA, name: "A" };
  const B = { id: userB, name: "B" };

  // confirm, and a conflicting confirm from the version read before it
  const confirmed = await setPairStatus(db, A, { pairId: ids[0], status: "confirmed", expectedVersion: 1 });
  records.push(rec({ op: "confirm", pairId: ids[0], userId: userA, outcome: "ok", auditId: confirmed.auditId }));
  await expect(setPairStatus(db, B, { pairId: ids[0], status: "confirmed", expectedVersion: 1 })).rejects.toThrow(VersionConflictError);
  records.push(rec({ op: "confirm", pairId: ids[0], userId: userB, outcome: "conflict" }));

  // a flag and an update of its note; a refused flag whose token must appear nowhere
  const flag = await addFlag(db, A, { pairId: ids[1], category: "style", severity: "minor", note: "flag [LT-1]", expectedVersion: 1 });
  records.push(rec({ op: "flag", pairId: ids[1], userId: userA, outcome: "ok", token: "[LT-1]", auditId: flag.auditId, flagId: flag.flagId }));
  const note = await updateFlag(db, B, { flagId: flag.flagId, note: "note [LT-2]", expectedVersion: 1 });
  records.push(rec({ op: "note", pairId: ids[1], userId: userB, outcome: "ok", token: "[LT-2]", flagId: flag.flagId, auditId: note.auditId }));
  records.push(rec({ op: "flag", pairId: ids[2], userId: userB, outcome: "conflict", token: "[LT-3]" }));

  // a correction, with the text the workload expects
  const original = "The river rose 4 metres overnight.";
  const text = `[LT-4] ${original}`;
  const sentence = await db.sentence.findFirstOrThrow({ where: { pairId: ids[3], document: { lang: "en" } } });
  const corrected = await correctSentences(db, A, { edits: [{ sentenceId: sentence.id, text, base: sentence.text }] }, { score });
  records.push(
    rec({ op: "correct", pairId: ids[3], userId: userA, outcome: "ok", token: "[LT-4]", lang: "en", expectedText: text, expectedRows: 1, auditId: corrected.auditId }),
  );

  // a merge, a split of the merged pair, a split of the 1-2 pair
  const merged = await mergeWithNext(db, B, { pairId: ids[6], expectedVersions: { [ids[6]]: 1, [ids[7]]: 1 } }, { score });
  records.push(rec({ op: "merge", pairId: ids[6], otherPairId: ids[7], userId: userB, outcome: "ok", auditId: merged.auditId }));
  const split = await splitPair(db, B, { pairId: ids[6], en: 1, zh: 1, expectedVersion: await version(ids[6]) }, { score });
  const created = split.pairs.map((p) => p.id).find((id) => id !== ids[6]);
  records.push(rec({ op: "split", pairId: ids[6], userId: userB, outcome: "ok", auditId: split.auditId, createdPairId: created }));
  const split2 = await splitPair(db, A, { pairId: ids[5], en: 1, zh: 1, expectedVersion: 1 }, { score });
  records.push(rec({ op: "split", pairId: ids[5], userId: userA, outcome: "ok", auditId: split2.auditId, createdPairId: split2.pairs.map((p) => p.id).find((id) => id !== ids[5]) }));

  input = { bitextId, auditFloor, initialPairIds: ids, records };
});

afterAll(async () => {
  await temp?.close();
});

describe("verifyRun", () => {
  it("passes a run whose acknowledged writes are all stored once", async () => {
    const r = await verifyRun(db, input);
    expect(r.problems).toEqual([]);
    expect(r.stats).toMatchObject({ auditRows: 7, acknowledged: 7, editorFlags: 1, corrections: 1, pairs: 13 });
  });

  it("reports an acknowledged write whose audit row is missing as lost", async () => {
    const id = input.records[0].auditId!;
    const row = await db.auditLog.findUniqueOrThrow({ where: { id } });
    await db.auditLog.delete({ where: { id } });
    try {
      const r = await verifyRun(db, input);
      expect(r.problems.some((p) => p.startsWith("LOST") && p.includes(`audit row ${id}`))).toBe(true);
    } finally {
      await db.auditLog.create({ data: { ...row, before: row.before ?? undefined, after: row.after ?? undefined } });
    }
    expect((await verifyRun(db, input)).problems).toEqual([]);
  });

  it("reports a stored write that nobody acknowledged, and accepts it for a request without an answer", async () => {
    const extra = await setPairStatus(db, { id: userB }, { pairId: ids[9], status: "confirmed", expectedVersion: 1 });
    try {
      const r = await verifyRun(db, input);
      expect(r.problems.some((p) => p.startsWith("UNACKNOWLEDGED") && p.includes(`audit row ${extra.auditId}`))).toBe(true);
      // the crash test: B's request got no answer (server killed), so it may be stored, but wholly
      const crash = { ...input, records: [...input.records, rec({ op: "confirm", pairId: ids[9], userId: userB, outcome: "unknown" })] };
      const ok = await verifyRun(db, crash);
      expect(ok.problems).toEqual([]);
      expect(ok.stats).toMatchObject({ unansweredStored: 1, unansweredNotStored: 0 });
      // unanswered and not stored is fine as well
      const notStored = { ...input, records: [...input.records, rec({ op: "confirm", pairId: ids[10], userId: userA, outcome: "unknown" })] };
      expect((await verifyRun(db, notStored)).problems.some((p) => p.includes(`audit row ${extra.auditId}`))).toBe(true);
    } finally {
      await db.auditLog.delete({ where: { id: extra.auditId } });
      await db.alignmentPair.update({ where: { id: ids[9] }, data: { version: 1, status: "automatic" } });
    }
    expect((await verifyRun(db, input)).problems).toEqual([]);
  });

  it("reports a flag or correction left by a refused request, and a duplicated correction", async () => {
    const stray = await db.flag.create({ data: { pairId: ids[2], category: "style", severity: "minor", note: "flag [LT-3]", source: "editor" } });
    const sentence = await db.sentence.findFirstOrThrow({ where: { pairId: ids[3], document: { lang: "en" } } });
    const dup = await db.correction.create({ data: { sentenceId: sentence.id, originalText: sentence.text, correctedText: "[LT-4] again" } });
    try {
      const r = await verifyRun(db, input);
      expect(r.problems.some((p) => p.includes(`UNACKNOWLEDGED flag ${stray.id}`))).toBe(true);
      expect(r.problems.some((p) => p.includes("[LT-3]"))).toBe(true);
      expect(r.problems.some((p) => p.startsWith("DUPLICATED: correction"))).toBe(true);
      expect(r.problems.some((p) => p.includes("2 correction rows in the bitext, the stored corrections create 1"))).toBe(true);
    } finally {
      await db.flag.delete({ where: { id: stray.id } });
      await db.correction.delete({ where: { id: dup.id } });
    }
  });

  it("reports a note that is not the last stored change and a flag version that skipped", async () => {
    const flagId = input.records.find((r) => r.op === "flag")!.flagId!;
    await db.flag.update({ where: { id: flagId }, data: { note: "flag [LT-1]", version: 3 } });
    try {
      const r = await verifyRun(db, input);
      expect(r.problems.some((p) => p.includes(`flag ${flagId} has note "flag [LT-1]", expected the last stored change [LT-2]`))).toBe(true);
      expect(r.problems.some((p) => p.includes(`flag ${flagId} has version 3 after 1 stored note updates`))).toBe(true);
    } finally {
      await db.flag.update({ where: { id: flagId }, data: { note: "note [LT-2]", version: 2 } });
    }
  });

  it("reports a pair version changed outside the audit log", async () => {
    await db.alignmentPair.update({ where: { id: ids[0] }, data: { version: { increment: 1 } } });
    try {
      const r = await verifyRun(db, input);
      expect(r.problems).toContain(`pair ${ids[0]} has version 3, but its last stored change left version 2`);
    } finally {
      await db.alignmentPair.update({ where: { id: ids[0] }, data: { version: { decrement: 1 } } });
    }
  });

  it("reports a half-applied merge: the merged pair still there, or its sentences left behind", async () => {
    // As if the merge of ids[8] into ids[7]'s neighbour was stored without removing the pair:
    // an audit row claims ids[8] was merged, but the pair and its sentences remain.
    const row = await db.auditLog.create({
      data: {
        bitextId: input.bitextId,
        entityType: "pair",
        entityId: ids[9],
        action: "merge",
        actorId: userA,
        before: { review: 1, snapshot: { pairs: [{ id: ids[9], version: 1 }, { id: ids[10], version: 1 }], sentences: [], flags: [], corrections: [] } },
        after: { review: 1, snapshot: { pairs: [{ id: ids[9], version: 2 }], sentences: [], flags: [], corrections: [] }, meta: { merged: ids[10] } },
      },
    });
    const records = [...input.records, rec({ op: "merge", pairId: ids[9], otherPairId: ids[10], userId: userA, outcome: "ok", auditId: row.id })];
    try {
      const r = await verifyRun(db, { ...input, records });
      expect(r.problems).toContain(`pair ${ids[10]} exists but is neither initial nor created by a stored split (or a stored merge removed it)`);
      expect(r.problems).toContain(`pair ${ids[9]} has version 1, but its last stored change left version 2`);
    } finally {
      await db.auditLog.delete({ where: { id: row.id } });
    }
  });

  it("reports invariant failures: a sentence in no pair, two pairs at one position", async () => {
    const sentence = await db.sentence.findFirstOrThrow({ where: { pairId: ids[11] } });
    const pair11 = await db.alignmentPair.findUniqueOrThrow({ where: { id: ids[11] } });
    await db.sentence.update({ where: { id: sentence.id }, data: { pairId: null } });
    const pair10 = await db.alignmentPair.findUniqueOrThrow({ where: { id: ids[10] } });
    await db.alignmentPair.update({ where: { id: ids[11] }, data: { position: pair10.position } });
    try {
      const r = await verifyRun(db, input);
      expect(r.problems).toContain(`invariant: sentence ${sentence.id} belongs to no pair`);
      expect(r.problems.some((p) => p.startsWith("invariant: 1 sentence(s) of the bitext are in no pair"))).toBe(true);
      expect(r.problems.some((p) => p.startsWith("invariant: 1 pair position(s) are used more than once"))).toBe(true);
    } finally {
      await db.sentence.update({ where: { id: sentence.id }, data: { pairId: ids[11] } });
      await db.alignmentPair.update({ where: { id: ids[11] }, data: { position: pair11.position } });
    }
    expect((await verifyRun(db, input)).problems).toEqual([]);
  });
});

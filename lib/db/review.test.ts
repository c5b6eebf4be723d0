// Review service on a temp SQLite database with the demo seeds (see review/test-helpers.ts).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  NotFoundError,
  ValidationError,
  VersionConflictError,
  addFlag,
  checkBitextInvariants,
  confirmPair,
  correctSentences,
  currentText,
  getPairDetail,
  joinSentences,
  linkPairs,
  mergeWithNext,
  moveSentence,
  realignUnconfirmed,
  reopenFlag,
  resolveFlag,
  revertCorrection,
  setPairStatus,
  splitPair,
  splitSentence,
  undoLast,
  unlinkPair,
  updateFlag,
} from "./review";
import { diagonalAligner, fakeScore, freshEnv, pairsWithSides, stateOf, type TestEnv } from "../../tests/review/helpers";

const opts = { score: fakeScore };
let env: TestEnv;
let A: { id: number; name: string };
let B: { id: number; name: string };

beforeEach(async () => {
  env = await freshEnv();
  A = env.alice;
  B = env.bob;
});
afterEach(async () => {
  await env.close();
});

async function invariantsHold() {
  expect(await checkBitextInvariants(env.db, env.bitextId)).toEqual([]);
}
const pairs = () => pairsWithSides(env.db, env.bitextId);
const versions = (...ps: { id: number; version: number }[]) => Object.fromEntries(ps.map((p) => [p.id, p.version]));

type P = Awaited<ReturnType<typeof pairs>>[number];
function adjacent(ps: P[], pred: (a: P, b: P) => boolean): [P, P] {
  for (let i = 0; i + 1 < ps.length; i++) if (pred(ps[i], ps[i + 1])) return [ps[i], ps[i + 1]];
  throw new Error("the seeded bitext has no pairs of the needed shape");
}
/** Two neighbouring sentences of one document in different pairs, at the edges of their sides. */
function acrossPairs(ps: P[], lang: "en" | "zh") {
  const all = ps.flatMap((p) => p[lang].map((s) => ({ s, p }))).sort((x, y) => x.s.position - y.s.position);
  for (let i = 0; i + 1 < all.length; i++) {
    const [x, y] = [all[i], all[i + 1]];
    if (x.p.id !== y.p.id && x.p[lang].at(-1)!.id === x.s.id && y.p[lang][0].id === y.s.id) return [x, y] as const;
  }
  throw new Error(`no ${lang} sentences across a pair edge`);
}
const oneEnOnly = (p: P) => p.en.length === 1 && p.zh.length === 0;

async function matched() {
  const ps = await pairs();
  return ps.filter((p) => p.en.length && p.zh.length);
}

describe("invariant checker", () => {
  it("passes on the seeded bitext and reports corruption", async () => {
    await invariantsHold();
    const ps = await pairs();
    await env.db.alignmentPair.update({ where: { id: ps[3].id }, data: { position: ps[4].position } });
    await env.db.alignmentPair.update({ where: { id: ps[6].id }, data: { position: -5 } });
    await env.db.sentence.update({ where: { id: ps[5].sentences[0].id }, data: { pairId: null } });
    const v = await checkBitextInvariants(env.db, env.bitextId);
    expect(v.some((x) => x.includes(`has position ${ps[4].position}, like pair`))).toBe(true);
    expect(v.some((x) => x.includes("position -5, below 0"))).toBe(true);
    expect(v.some((x) => x.includes("belongs to no pair"))).toBe(true);
  });

  it("reports non-contiguous sentences of a non-crossing pair", async () => {
    const ps = await pairs();
    const zhPairs = ps.filter((p) => p.zh.length && !p.crossing);
    const [a, b] = [zhPairs[1], zhPairs[4]];
    await env.db.sentence.update({ where: { id: b.zh[0].id }, data: { pairId: a.id } });
    const v = await checkBitextInvariants(env.db, env.bitextId);
    expect(v.some((x) => x.includes(`pair ${a.id} is not crossing`))).toBe(true);
  });
});

describe("status and concurrency", () => {
  it("confirms a pair: status, version, updatedBy, audit row with the actor", async () => {
    const p = (await pairs())[5];
    const r = await confirmPair(env.db, A, { pairId: p.id, expectedVersion: p.version }, opts);
    expect(r.pairs[0]).toMatchObject({ id: p.id, status: "confirmed", version: p.version + 1 });
    const row = await env.db.alignmentPair.findUniqueOrThrow({ where: { id: p.id } });
    expect(row.updatedById).toBe(A.id);
    const audit = await env.db.auditLog.findUniqueOrThrow({ where: { id: r.auditId } });
    expect(audit).toMatchObject({ actorId: A.id, entityType: "pair", entityId: p.id, action: "status", bitextId: env.bitextId });
    await invariantsHold();
  });

  it("two editors with the same version: the first wins, the second learns who changed it", async () => {
    const p = (await pairs())[7];
    await setPairStatus(env.db, A, { pairId: p.id, status: "confirmed", expectedVersion: p.version }, opts);
    const err = await setPairStatus(env.db, B, { pairId: p.id, status: "flagged", expectedVersion: p.version }, opts).catch((e) => e);
    expect(err).toBeInstanceOf(VersionConflictError);
    expect(err.message).toMatch(new RegExp(`^The status of pair ${p.id} was changed by Alice at \\d\\d:\\d\\d; reload to see the change$`));
    const row = await env.db.alignmentPair.findUniqueOrThrow({ where: { id: p.id } });
    expect(row.status).toBe("confirmed");
    expect(row.version).toBe(p.version + 1);
  });

  it("concurrent structural edits: exactly one of two wins", async () => {
    const [m] = await matched();
    const results = await Promise.allSettled([
      unlinkPair(env.db, A, { pairId: m.id, expectedVersion: m.version }, opts),
      splitSentence(env.db, B, { sentenceId: m.en[0].id, offset: 3, expectedVersion: m.version }, opts),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(VersionConflictError);
    expect(lost.reason.message).toMatch(/were changed by (Alice|Bob) at/);
    await invariantsHold();
  });

  it("names 'someone else' when the last editor is unknown, NotFound for missing pairs", async () => {
    const p = (await pairs())[2];
    await confirmPair(env.db, { id: null }, { pairId: p.id, expectedVersion: p.version }, opts);
    await expect(confirmPair(env.db, A, { pairId: p.id, expectedVersion: p.version }, opts)).rejects.toThrow(
      /changed by someone else/,
    );
    await expect(confirmPair(env.db, A, { pairId: 999_999, expectedVersion: 1 }, opts)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      setPairStatus(env.db, A, { pairId: p.id, status: "approved" as never, expectedVersion: 2 }, opts),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("flags", () => {
  it("add, update, resolve, reopen with their own versions and pair status", async () => {
    const p = (await pairs())[22];
    const added = await addFlag(env.db, A, { pairId: p.id, category: "omission", severity: "major", note: "missing date", expectedVersion: p.version }, opts);
    expect(added.pairs[0]).toMatchObject({ status: "flagged", version: p.version + 1 });
    const upd = await updateFlag(env.db, B, { flagId: added.flagId, severity: "critical", expectedVersion: added.flagVersion }, opts);
    expect(upd.flagVersion).toBe(added.flagVersion + 1);
    const stale = await updateFlag(env.db, A, { flagId: added.flagId, note: "x", expectedVersion: added.flagVersion }, opts).catch((e) => e);
    expect(stale).toBeInstanceOf(VersionConflictError);
    expect(stale.message).toMatch(new RegExp(`^Flag ${added.flagId} was changed by Bob at`));
    const res = await resolveFlag(env.db, A, { flagId: added.flagId, expectedVersion: upd.flagVersion }, opts);
    let row = await env.db.alignmentPair.findUniqueOrThrow({ where: { id: p.id } });
    expect(row.status).toBe("automatic");
    const flag = await env.db.flag.findUniqueOrThrow({ where: { id: added.flagId } });
    expect(flag).toMatchObject({ severity: "critical", note: "missing date", resolved: true, resolvedById: A.id });
    await reopenFlag(env.db, B, { flagId: added.flagId, expectedVersion: res.flagVersion }, opts);
    row = await env.db.alignmentPair.findUniqueOrThrow({ where: { id: p.id } });
    expect(row.status).toBe("flagged");
    await expect(
      addFlag(env.db, A, { pairId: p.id, category: "grammar", severity: "major", expectedVersion: row.version }, opts),
    ).rejects.toThrow(/Invalid flag: category/);
    await expect(
      addFlag(env.db, A, { pairId: p.id, category: "style", severity: "huge", expectedVersion: row.version }, opts),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("corrections", () => {
  const edit = (sentence: { id: number; text: string }, text: string, base = sentence.text) => ({ sentenceId: sentence.id, text, base });

  it("corrects one sentence, keeps the original, reports current text, reverts", async () => {
    const [m] = await matched();
    const r = await correctSentences(env.db, A, { edits: [edit(m.en[0], "A corrected sentence.")] }, opts);
    expect(r.pairs[0].status).toBe("corrected");
    expect(r.pairs[0].score).toBe(fakeScore(m.zh.map((s) => s.text), ["A corrected sentence.", ...m.en.slice(1).map((s) => s.text)]).score);
    const d = await getPairDetail(env.db, { pairId: m.id });
    expect(d.en[0]).toMatchObject({ originalText: m.en[0].text, currentText: "A corrected sentence.", corrected: true });
    const s = await env.db.sentence.findUniqueOrThrow({ where: { id: m.en[0].id }, include: { corrections: true } });
    expect(s.text).toBe(m.en[0].text);
    expect(currentText(s)).toBe("A corrected sentence.");
    await expect(correctSentences(env.db, A, { edits: [edit(m.en[0], "A corrected sentence.", "A corrected sentence.")] }, opts)).rejects.toThrow(/No change/);
    const rv = await revertCorrection(env.db, B, { pairId: m.id, lang: "en" }, opts);
    expect(rv.pairs[0].status).toBe("automatic");
    const d2 = await getPairDetail(env.db, { pairId: m.id });
    expect(d2.en[0]).toMatchObject({ currentText: m.en[0].text, corrected: false });
    expect(d2.history.map((h) => [h.action, h.actor?.name])).toEqual([
      ["correct.revert", "Bob"],
      ["correct", "Alice"],
    ]);
  });

  it("a heading without final punctuation: correcting it leaves every other sentence byte-identical", async () => {
    // the demo's defect: a caption plus a sentence, joined and re-split, put both texts into
    // the first sentence and emptied the second
    const [a, b] = adjacent(await pairs(), (x, y) => x.zh.length > 0 && y.zh.length > 0);
    await mergeWithNext(env.db, A, { pairId: a.id, expectedVersions: versions(a, b) }, opts);
    const p = (await pairs())[a.rank];
    expect(p.zh.length).toBeGreaterThanOrEqual(2);
    const all = await env.db.sentence.findMany({ orderBy: { id: "asc" }, include: { corrections: true } });
    const heading = "红旗小镇“两街一区”整体规划";
    const r = await correctSentences(env.db, A, { edits: [edit(p.zh[0], heading)] }, opts);
    const r2 = await correctSentences(env.db, B, { edits: [edit(p.zh[0], heading.replace("整体", "总体"), heading)] }, opts);
    expect(r2.auditId).toBeGreaterThan(r.auditId);
    const d = await getPairDetail(env.db, { pairId: p.id });
    expect(d.zh.map((s) => s.currentText)).toEqual(["红旗小镇“两街一区”总体规划", ...p.zh.slice(1).map((s) => s.text)]);
    const after = await env.db.sentence.findMany({ orderBy: { id: "asc" }, include: { corrections: true } });
    expect(after.length).toBe(all.length);
    for (const [i, s] of after.entries()) {
      if (s.id === p.zh[0].id) continue;
      expect([s.id, s.text, currentText(s)]).toEqual([all[i].id, all[i].text, currentText(all[i])]);
    }
    await invariantsHold();
  });

  it("several sentences in one change: one audit row, one undo", async () => {
    const p = (await pairs()).find((x) => x.zh.length >= 2)!;
    const r = await correctSentences(env.db, A, { edits: [edit(p.zh[0], "第一。"), edit(p.zh[1], "第二。")] }, opts);
    let d = await getPairDetail(env.db, { pairId: p.id });
    expect(d.zh.slice(0, 2).map((s) => s.currentText)).toEqual(["第一。", "第二。"]);
    const u = await undoLast(env.db, A, { bitextId: env.bitextId });
    expect(u?.undoneAuditId).toBe(r.auditId);
    d = await getPairDetail(env.db, { pairId: p.id });
    expect(d.zh.map((s) => s.currentText)).toEqual(p.zh.map((s) => s.text));
  });

  it("a flag, a confirmation or a note by someone else never blocks a correction", async () => {
    const [m] = await matched();
    await addFlag(env.db, B, { pairId: m.id, category: "style", severity: "minor" }, opts);
    await setPairStatus(env.db, B, { pairId: m.id, status: "confirmed", expectedVersion: m.version }, opts);
    // Alice started from the version she read before Bob's two changes
    const r = await correctSentences(env.db, A, { edits: [edit(m.en[0], "Alice's fix.")] }, opts);
    expect(r.pairs[0].status).toBe("corrected");
    // and two flags never block each other
    const f1 = await addFlag(env.db, A, { pairId: m.id, category: "style", severity: "minor", expectedVersion: m.version }, opts);
    const f2 = await addFlag(env.db, B, { pairId: m.id, category: "other", severity: "major", expectedVersion: m.version }, opts);
    await updateFlag(env.db, A, { flagId: f1.flagId, note: "a", expectedVersion: f1.flagVersion }, opts);
    await updateFlag(env.db, B, { flagId: f2.flagId, note: "b", expectedVersion: f2.flagVersion }, opts);
  });

  it("two corrections of one sentence: the second gets the other version, and may knowingly replace it", async () => {
    const [m] = await matched();
    await correctSentences(env.db, B, { edits: [edit(m.en[0], "Bob's text.")] }, opts);
    const err = await correctSentences(env.db, A, { edits: [edit(m.en[0], "Alice's text.")] }, opts).catch((e) => e);
    expect(err).toBeInstanceOf(VersionConflictError);
    expect(err.sentences).toEqual([expect.objectContaining({ sentenceId: m.en[0].id, base: m.en[0].text, theirs: "Bob's text.", by: "Bob" })]);
    expect(err.changedBy?.name).toBe("Bob");
    // keep mine: the base is now Bob's text, and the history records that it replaced it
    const r = await correctSentences(env.db, A, { edits: [edit(m.en[0], "Alice's text.", "Bob's text.")], replaces: true }, opts);
    const audit = await env.db.auditLog.findUniqueOrThrow({ where: { id: r.auditId } });
    expect((audit.after as { meta: unknown }).meta).toMatchObject({ replaces: true, replaced: [{ sentenceId: m.en[0].id, text: "Bob's text." }] });
    expect((await getPairDetail(env.db, { pairId: m.id })).en[0].currentText).toBe("Alice's text.");
  });

  it("refuses bad corrections with a clear message and writes nothing", async () => {
    const [m] = await matched();
    const count = () => env.db.correction.count();
    const before = await count();
    const s = m.en[0];
    await expect(correctSentences(env.db, A, { edits: [edit(s, "   ")] }, opts)).rejects.toThrow(/cannot be empty/);
    await expect(correctSentences(env.db, A, { edits: [edit(s, "One.\nTwo.")] }, opts)).rejects.toThrow(/line break/);
    await expect(correctSentences(env.db, A, { edits: [edit(s, s.text.replace(" ", "  "))] }, opts)).rejects.toThrow(/Only whitespace/);
    await expect(correctSentences(env.db, A, { edits: [edit(s, "x"), edit(s, "y")] }, opts)).rejects.toThrow(/only once/);
    await expect(correctSentences(env.db, A, { edits: [{ sentenceId: 99_999_999, text: "x", base: "y" }] }, opts)).rejects.toBeInstanceOf(NotFoundError);
    await expect(correctSentences(env.db, A, { edits: [] }, opts)).rejects.toBeInstanceOf(ValidationError);
    // sentences of two pairs in one change
    const [m2] = (await matched()).slice(1);
    await expect(correctSentences(env.db, A, { edits: [edit(s, "x."), edit(m2.en[0], "y.")] }, opts)).rejects.toBeInstanceOf(VersionConflictError);
    expect(await count()).toBe(before);
  });

  it("a correction follows its sentence when it moved to another pair; a joined-away sentence is a 404", async () => {
    const ps = await pairs();
    const [a, b] = adjacent(ps, (x, y) => x.en.length > 0 && y.en.length > 0);
    await mergeWithNext(env.db, A, { pairId: a.id, expectedVersions: versions(a, b) }, opts);
    // b's sentence now lives in a; Alice's draft names it still
    await correctSentences(env.db, B, { edits: [edit(b.en[0], "Moved, then fixed.")] }, opts);
    expect((await getPairDetail(env.db, { pairId: a.id })).en.map((s) => s.currentText)).toContain("Moved, then fixed.");
  });
});

describe("alignment fixes", () => {
  it("merge with next, then split back", async () => {
    const ps = await pairs();
    const [a, b] = adjacent(ps, (x, y) => x.en.length > 0 && y.en.length > 0);
    const r = await mergeWithNext(env.db, A, { pairId: a.id, expectedVersions: versions(a, b) }, opts);
    expect(r.deletedPairIds).toEqual([b.id]);
    const after = await pairs();
    expect(after).toHaveLength(ps.length - 1);
    const ids = (xs: { id: number }[]) => xs.map((x) => x.id).sort((m, n) => m - n);
    expect(ids(after[a.rank].sentences)).toEqual(ids([...a.sentences, ...b.sentences]));
    expect(after[a.rank].origin).toBe("manual");
    expect(after[a.rank + 1]?.id).toBe(ps[b.rank + 1]?.id);
    await invariantsHold();
    await expect(mergeWithNext(env.db, A, { pairId: a.id, expectedVersions: { [a.id]: r.pairs[0].version } }, opts)).rejects.toThrow(
      /expectedVersions must include pair/,
    );
    const s = await splitPair(env.db, A, { pairId: a.id, en: a.en.length, zh: a.zh.length, expectedVersion: r.pairs[0].version }, opts);
    const again = await pairs();
    expect(again).toHaveLength(ps.length);
    expect(again[b.rank].id).toBe(s.pairs.find((x) => x.id !== a.id)!.id);
    expect(ids(again[b.rank].sentences)).toEqual(ids(b.sentences));
    expect(ids(again[a.rank].sentences)).toEqual(ids(a.sentences));
    await invariantsHold();
    await expect(splitPair(env.db, A, { pairId: a.id, en: 0, zh: 0, expectedVersion: s.pairs[0].version }, opts)).rejects.toBeInstanceOf(ValidationError);
  });

  it("a flag change from the pair a merge removed is a conflict (the flag moved); without the pair it applies where the flag is", async () => {
    const ps = await pairs();
    const [a, b] = adjacent(ps, (x, y) => x.en.length > 0 && y.en.length > 0);
    const flag = await addFlag(env.db, B, { pairId: b.id, category: "style", severity: "minor", note: "seen in b" }, opts);
    const merged = await mergeWithNext(env.db, A, { pairId: a.id, expectedVersions: { [a.id]: a.version, [b.id]: flag.pairs[0].version } }, opts);
    const stale = { flagId: flag.flagId, note: "edited from b", expectedVersion: flag.flagVersion, pairId: b.id };
    await expect(updateFlag(env.db, B, stale, opts)).rejects.toBeInstanceOf(VersionConflictError);
    await expect(resolveFlag(env.db, B, { flagId: flag.flagId, expectedVersion: flag.flagVersion, pairId: b.id }, opts)).rejects.toBeInstanceOf(VersionConflictError);
    expect((await env.db.flag.findUniqueOrThrow({ where: { id: flag.flagId } })).note).toBe("seen in b");
    const r = await updateFlag(env.db, B, { ...stale, pairId: merged.pairs[0].id }, opts);
    expect(r.pairs.map((p) => p.id)).toEqual([a.id]);
    expect((await env.db.flag.findUniqueOrThrow({ where: { id: flag.flagId } })).note).toBe("edited from b");
    await invariantsHold();
  });

  it("moves an edge sentence to the neighbouring pair; an emptied pair disappears", async () => {
    const ps = await pairs();
    const [a, b] = adjacent(ps, (x, y) => oneEnOnly(y) && x.en.every((s) => s.position < y.en[0].position));
    await moveSentence(env.db, A, { sentenceId: b.en[0].id, direction: "previous", expectedVersions: versions(a, b) }, opts);
    const after = await pairs();
    expect(after).toHaveLength(ps.length - 1);
    expect(after[a.rank].en.map((s) => s.id)).toEqual([...a.en.map((s) => s.id), b.en[0].id]);
    expect(await env.db.alignmentPair.findUnique({ where: { id: b.id } })).toBeNull();
    await invariantsHold();
    const m = after[a.rank];
    const next = after[a.rank + 1];
    await moveSentence(env.db, A, { sentenceId: b.en[0].id, direction: "next", expectedVersions: versions(m, next) }, opts);
    await invariantsHold();
    const x = (await pairs())[a.rank + 1];
    expect(x.id).toBe(next.id);
    expect(x.en[0].id).toBe(b.en[0].id);
    await expect(
      moveSentence(env.db, A, { sentenceId: b.en[0].id, direction: "next", expectedVersions: {} }, opts),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it("unlink then link again; link marks crossing when needed", async () => {
    const [m] = await matched();
    const u = await unlinkPair(env.db, A, { pairId: m.id, expectedVersion: m.version }, opts);
    const ps = await pairs();
    expect(ps[m.rank].zh).toHaveLength(0);
    expect(ps[m.rank + 1].en).toHaveLength(0);
    expect(ps[m.rank + 1].zh.map((s) => s.id)).toEqual(m.zh.map((s) => s.id));
    expect(ps[m.rank].score).toBeNull();
    await invariantsHold();
    const gz = ps[m.rank + 1];
    await linkPairs(env.db, B, { pairIdA: gz.id, pairIdB: m.id, expectedVersions: { [m.id]: u.pairs.find((p) => p.id === m.id)!.version, [gz.id]: gz.version } }, opts);
    const back = await pairs();
    expect(back[m.rank].sentences.map((s) => s.id).sort()).toEqual(m.sentences.map((s) => s.id).sort());
    expect(back[m.rank].id).toBe(m.id);
    await invariantsHold();

    // link an English-only gap with a Chinese-only gap far before it: goes backwards in Chinese
    const all = await pairs();
    const enGap = all.filter((p) => p.en.length && !p.zh.length).at(-1)!;
    const zhGap = all.find((p) => p.zh.length && !p.en.length && !p.zh[0].excluded)!;
    // some English sentence sits between them, so the linked pair jumps ahead in English
    expect(all.some((p) => p.position > zhGap.position && p.position < enGap.position && p.en.length)).toBe(true);
    const r = await linkPairs(env.db, A, { pairIdA: enGap.id, pairIdB: zhGap.id, expectedVersions: versions(enGap, zhGap) }, opts);
    const linked = r.pairs[0];
    expect(linked.id).toBe(zhGap.id);
    expect(linked.position).toBe(zhGap.position);
    expect(linked.crossing).toBe(true); // its English sentence goes backwards
    await invariantsHold();
    await expect(linkPairs(env.db, A, { pairIdA: linked.id, pairIdB: all[0].id, expectedVersions: {} }, opts)).rejects.toBeInstanceOf(ValidationError);
  });

  it("splits and joins sentences, renumbering positions", async () => {
    const [m] = await matched();
    const s0 = m.en[0];
    const cut = s0.text.indexOf(" ", 5);
    const r = await splitSentence(env.db, A, { sentenceId: s0.id, offset: cut, expectedVersion: m.version }, opts);
    let d = await getPairDetail(env.db, { pairId: m.id });
    expect(d.en).toHaveLength(m.en.length + 1);
    expect(d.en[0].originalText + " " + d.en[1].originalText).toBe(s0.text);
    expect(d.en[1].position).toBe(s0.position + 1);
    await invariantsHold();
    await joinSentences(env.db, B, { sentenceIdA: d.en[1].id, sentenceIdB: s0.id, expectedVersions: { [m.id]: r.pairs[0].version } }, opts);
    d = await getPairDetail(env.db, { pairId: m.id });
    expect(d.en.map((s) => [s.id, s.originalText])).toEqual(m.en.map((s) => [s.id, s.text]));
    await invariantsHold();
    await expect(
      splitSentence(env.db, A, { sentenceId: s0.id, offset: 0, expectedVersion: d.version }, opts),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it("refuses to split a sentence between the halves of a character outside the BMP, writing nothing", async () => {
    const [m] = await matched();
    const s = m.zh[0];
    // a sentence holding 𠀋 (U+2000B, two UTF-16 units), as an import of such a text would store it
    const text = `甲𠀋${s.text}`;
    await env.db.sentence.update({ where: { id: s.id }, data: { text, endOffset: null } });
    const before = await getPairDetail(env.db, { pairId: m.id });
    await expect(splitSentence(env.db, A, { sentenceId: s.id, offset: 2, expectedVersion: before.version }, opts)).rejects.toThrow(
      /inside a character/,
    );
    const after = await getPairDetail(env.db, { pairId: m.id });
    expect(after.zh.map((x) => [x.id, x.originalText])).toEqual(before.zh.map((x) => [x.id, x.originalText]));
    expect(after.zh[0].originalText).toBe(text);
    expect(after.version).toBe(before.version);
    // before or after the character it splits
    const r = await splitSentence(env.db, A, { sentenceId: s.id, offset: 3, expectedVersion: before.version }, opts);
    const d = await getPairDetail(env.db, { pairId: r.pairs[0].id });
    expect(d.zh.slice(0, 2).map((x) => x.originalText)).toEqual(["甲𠀋", s.text]);
    await invariantsHold();
  });

  it("joins sentences across the edge of two pairs and removes the emptied pair", async () => {
    const ps = await pairs();
    const [x, y] = acrossPairs(ps, "en");
    const r = await joinSentences(env.db, A, { sentenceIdA: x.s.id, sentenceIdB: y.s.id, expectedVersions: versions(x.p, y.p) }, opts);
    expect(r.deletedPairIds).toEqual(y.p.sentences.length === 1 ? [y.p.id] : []);
    const s = await env.db.sentence.findUniqueOrThrow({ where: { id: x.s.id } });
    expect(s.text).toBe(`${x.s.text} ${y.s.text}`);
    expect(await env.db.sentence.findUnique({ where: { id: y.s.id } })).toBeNull();
    await invariantsHold();
  });
});

describe("undo", () => {
  type Step = (ps: Awaited<ReturnType<typeof pairs>>) => Promise<unknown>;
  const steps: Record<string, Step> = {
    status: (ps) => setPairStatus(env.db, A, { pairId: ps[4].id, status: "confirmed", expectedVersion: ps[4].version }, opts),
    "flag add": (ps) => addFlag(env.db, A, { pairId: ps[4].id, category: "style", severity: "minor", expectedVersion: ps[4].version }, opts),
    correction: async (ps) => {
      const m = ps.find((p) => p.en.length && p.zh.length)!;
      return correctSentences(env.db, A, { edits: [{ sentenceId: m.zh[0].id, text: "改正。", base: m.zh[0].text }] }, opts);
    },
    merge: (ps) => {
      const [a, b] = adjacent(ps, (x, y) => x.en.length > 0 && y.zh.length > 0);
      return mergeWithNext(env.db, A, { pairId: a.id, expectedVersions: versions(a, b) }, opts);
    },
    split: async () => undefined, // special-cased below
    move: (ps) => {
      const [a, b] = adjacent(ps, (x, y) => oneEnOnly(y) && x.en.every((s) => s.position < y.en[0].position));
      return moveSentence(env.db, A, { sentenceId: b.en[0].id, direction: "previous", expectedVersions: versions(a, b) }, opts);
    },
    unlink: async (ps) => {
      const m = ps.find((p) => p.en.length && p.zh.length)!;
      return unlinkPair(env.db, A, { pairId: m.id, expectedVersion: m.version }, opts);
    },
    link: (ps) => {
      const a = ps.find((p) => p.en.length && !p.zh.length)!;
      const b = ps.find((p) => p.zh.length && !p.en.length)!;
      return linkPairs(env.db, A, { pairIdA: a.id, pairIdB: b.id, expectedVersions: versions(a, b) }, opts);
    },
    "sentence split": async (ps) => {
      const m = ps.find((p) => p.en.length && p.zh.length)!;
      return splitSentence(env.db, A, { sentenceId: m.zh[0].id, offset: 2, expectedVersion: m.version }, opts);
    },
    "sentence join": (ps) => {
      const [x, y] = acrossPairs(ps, "zh");
      return joinSentences(env.db, A, { sentenceIdA: x.s.id, sentenceIdB: y.s.id, expectedVersions: versions(x.p, y.p) }, opts);
    },
    realign: () => realignUnconfirmed(env.db, A, { bitextId: env.bitextId }, diagonalAligner, opts),
  };

  for (const [name, step] of Object.entries(steps)) {
    it(`restores the exact previous state after ${name}`, async () => {
      if (name === "split") {
        // Bob's merge first, then snapshot, then Alice's split
        // Bob merges, Alice splits the merged pair back at the old boundary
        const ps = await pairs();
        const [a, b] = adjacent(ps, (x, y) => x.en.length > 0 && y.zh.length > 0);
        await mergeWithNext(env.db, B, { pairId: a.id, expectedVersions: versions(a, b) }, opts);
        const before = await stateOf(env.db, env.bitextId);
        const cur = (await pairs())[a.rank];
        await splitPair(env.db, A, { pairId: cur.id, en: a.en.length, zh: a.zh.length, expectedVersion: cur.version }, opts);
        expect(await stateOf(env.db, env.bitextId)).not.toEqual(before);
        await invariantsHold();
        const u = await undoLast(env.db, A, { bitextId: env.bitextId });
        expect(u?.action).toBe("split");
        expect(await stateOf(env.db, env.bitextId)).toEqual(before);
        await invariantsHold();
        return;
      }
      const before = await stateOf(env.db, env.bitextId);
      await step(await pairs());
      expect(await stateOf(env.db, env.bitextId)).not.toEqual(before);
      await invariantsHold();
      const u = await undoLast(env.db, A, { bitextId: env.bitextId });
      expect(u).not.toBeNull();
      expect(await stateOf(env.db, env.bitextId)).toEqual(before);
      await invariantsHold();
      const row = await env.db.auditLog.findUniqueOrThrow({ where: { id: u!.auditId } });
      expect(row).toMatchObject({ action: "undo", actorId: A.id });
    });
  }

  it("undoes flag update and resolve one by one, newest first, only the actor's own changes", async () => {
    const p = (await pairs())[10];
    const s0 = await stateOf(env.db, env.bitextId);
    const f = await addFlag(env.db, A, { pairId: p.id, category: "number", severity: "minor", expectedVersion: p.version }, opts);
    const s1 = await stateOf(env.db, env.bitextId);
    const u = await updateFlag(env.db, A, { flagId: f.flagId, note: "check 2019", expectedVersion: f.flagVersion }, opts);
    const s2 = await stateOf(env.db, env.bitextId);
    await resolveFlag(env.db, A, { flagId: f.flagId, expectedVersion: u.flagVersion }, opts);
    const other = (await pairs())[30];
    await confirmPair(env.db, B, { pairId: other.id, expectedVersion: other.version }, opts);
    const withBob = (s: typeof s0) => ({ ...s, pairs: s.pairs.map((x) => (x.id === other.id ? { ...x, status: "confirmed" } : x)) });
    expect((await undoLast(env.db, A, { bitextId: env.bitextId }))?.action).toBe("flag.resolve");
    expect(await stateOf(env.db, env.bitextId)).toEqual(withBob(s2));
    expect((await undoLast(env.db, A, { bitextId: env.bitextId }))?.action).toBe("flag.update");
    expect(await stateOf(env.db, env.bitextId)).toEqual(withBob(s1));
    expect((await undoLast(env.db, A, { bitextId: env.bitextId }))?.action).toBe("flag.add");
    expect(await stateOf(env.db, env.bitextId)).toEqual(withBob(s0));
    expect(await undoLast(env.db, A, { bitextId: env.bitextId })).toBeNull();
    await invariantsHold();
  });

  it("refuses to undo over someone else's later change to the same pair", async () => {
    const p = (await pairs())[10];
    const r = await setPairStatus(env.db, A, { pairId: p.id, status: "flagged", expectedVersion: p.version }, opts);
    await confirmPair(env.db, B, { pairId: p.id, expectedVersion: r.pairs[0].version }, opts);
    await expect(undoLast(env.db, A, { bitextId: env.bitextId })).rejects.toThrow(/changed by Bob/);
  });

  it("undoes a merge after other pairs before it were merged (positions shifted)", async () => {
    const ps = await pairs();
    const mergeA = await mergeWithNext(env.db, A, { pairId: ps[30].id, expectedVersions: versions(ps[30], ps[31]) }, opts);
    expect(mergeA.pairs[0].id).toBe(ps[30].id);
    await mergeWithNext(env.db, B, { pairId: ps[5].id, expectedVersions: versions(ps[5], ps[6]) }, opts);
    await undoLast(env.db, A, { bitextId: env.bitextId });
    await invariantsHold();
    const now = await pairs();
    expect(now[29].id).toBe(ps[30].id);
    expect(now[30].id).toBe(ps[31].id);
    expect(now[30].sentences.map((s) => s.id)).toEqual(ps[31].sentences.map((s) => s.id));
  });
});

describe("re-alignment around confirmed pairs", () => {
  it("keeps confirmed pairs, replaces the stretches, keeps sentence ids, corrections and flags", async () => {
    const ps = await pairs();
    const anchor = ps.find((p) => p.en.length && p.zh.length)!;
    await confirmPair(env.db, A, { pairId: anchor.id, expectedVersion: anchor.version }, opts);
    const flagged = ps[anchor.rank + 3];
    const f = await addFlag(env.db, A, { pairId: flagged.id, category: "other", severity: "minor", expectedVersion: flagged.version }, opts);
    const m = ps.filter((p) => p.en.length && p.zh.length)[1];
    await correctSentences(env.db, A, { edits: [{ sentenceId: m.en[0].id, text: "Corrected by Alice.", base: m.en[0].text }] }, opts);
    const sentenceIds = ps.flatMap((p) => p.sentences.map((s) => s.id)).sort((a, b) => a - b);

    const seen: string[][] = [];
    const r = await realignUnconfirmed(env.db, B, { bitextId: env.bitextId }, (zh, en) => {
      seen.push(en);
      return diagonalAligner(zh, en);
    }, opts);
    expect(r.stretches).toBeGreaterThan(0);
    expect(seen.flat()).toContain("Corrected by Alice.");
    await invariantsHold();
    const after = await pairs();
    const a2 = after.find((p) => p.id === anchor.id)!;
    expect(a2.status).toBe("confirmed");
    expect(a2.sentences.map((s) => s.id)).toEqual(anchor.sentences.map((s) => s.id));
    expect(after.flatMap((p) => p.sentences.map((s) => s.id)).sort((a, b) => a - b)).toEqual(sentenceIds);
    const flag = await env.db.flag.findUniqueOrThrow({ where: { id: f.flagId }, });
    const holder = after.find((p) => p.id === flag.pairId)!;
    expect(holder.status).toBe("flagged");
    expect(holder.sentences.map((s) => s.id)).toContain((flagged.en[0] ?? flagged.zh[0]).id);
    const corr = await env.db.correction.findFirstOrThrow({ where: { correctedText: "Corrected by Alice." } });
    expect(corr.revertedAt).toBeNull();
    // the same aligner again finds the same beads: every pair is kept as it is
    const state = await stateOf(env.db, env.bitextId);
    const again = await realignUnconfirmed(env.db, B, { bitextId: env.bitextId }, diagonalAligner, opts);
    expect(again.kept).toBeGreaterThan(0);
    expect(again.pairsAfter).toBe(again.pairsBefore);
    expect(await stateOf(env.db, env.bitextId)).toEqual(state);
    await invariantsHold();
  });

  it("rejects an aligner result that loses sentences", async () => {
    await expect(realignUnconfirmed(env.db, A, { bitextId: env.bitextId }, () => [], opts)).rejects.toThrow(/left sentences out/);
    await invariantsHold();
  });
});


describe("bad input", () => {
  it("refuses half a surrogate pair in a correction or a note with a clear message", async () => {
    const [m] = await matched();
    await expect(correctSentences(env.db, A, { edits: [{ sentenceId: m.en[0].id, text: "bad \ud800 text", base: m.en[0].text }] }, opts)).rejects.toThrow(/invalid Unicode/);
    await expect(addFlag(env.db, A, { pairId: m.id, category: "style", severity: "minor", note: "\udc00" }, opts)).rejects.toThrow(/invalid Unicode/);
  });
});

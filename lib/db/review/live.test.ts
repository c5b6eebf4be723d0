// Live review: the changes feed (audit log read from a point on) and presence, on SQLite and
// PostgreSQL; on PostgreSQL also the LISTEN/NOTIFY watcher.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addFlag, correctSentences, mergeWithNext, setPairStatus, undoLast } from ".";
import { changesSince, latestAuditId, listPresence, touchPresence } from "./live";
import { AuditWatch } from "./live-watch";
import { freshEnv, fakeScore, pairsWithSides, type TestEnv } from "../../../tests/review/helpers";
import { testDatabaseKind } from "../../../tests/db/test-db";

const opts = { score: fakeScore };
let env: TestEnv;
beforeAll(async () => {
  env = await freshEnv();
});
afterAll(async () => {
  await env?.close();
});

describe("changes feed", () => {
  it("lists each change after a point with the pairs to read again, in order", async () => {
    const start = await latestAuditId(env.db, env.bitextId);
    expect(await changesSince(env.db, env.bitextId, start)).toEqual({ latest: start, changes: [], truncated: false });
    const ps = await pairsWithSides(env.db, env.bitextId);
    const [a, b] = [ps[1], ps[2]];
    const s = await setPairStatus(env.db, env.alice, { pairId: a.id, status: "confirmed", expectedVersion: a.version }, opts);
    const f = await addFlag(env.db, env.bob, { pairId: b.id, category: "style", severity: "minor" }, opts);
    const sentence = b.sentences[0];
    const c = await correctSentences(env.db, env.bob, { edits: [{ sentenceId: sentence.id, text: "Changed live.", base: sentence.text }] }, opts);
    const cur = await pairsWithSides(env.db, env.bitextId);
    const m = await mergeWithNext(env.db, env.alice, { pairId: cur[1].id, expectedVersions: { [cur[1].id]: cur[1].version, [cur[2].id]: cur[2].version } }, opts);
    const u = await undoLast(env.db, env.alice, { bitextId: env.bitextId });

    const r = await changesSince(env.db, env.bitextId, start);
    expect(r.truncated).toBe(false);
    expect(r.latest).toBe(u!.auditId);
    expect(r.changes.map((x) => [x.auditId, x.action, x.actor, x.structural])).toEqual([
      [s.auditId, "status", "Alice", false],
      [f.auditId, "flag.add", "Bob", false],
      [c.auditId, "correct", "Bob", false],
      [m.auditId, "merge", "Alice", true],
      [u!.auditId, "undo", "Alice", true],
    ]);
    expect(r.changes[0].pairIds).toEqual([a.id]);
    expect(r.changes[3].deletedPairIds).toEqual([cur[2].id]);
    expect(r.changes[4].pairIds).toEqual(expect.arrayContaining([cur[1].id, cur[2].id]));
    // incrementally: from the third change on
    const later = await changesSince(env.db, env.bitextId, f.auditId);
    expect(later.changes.map((x) => x.auditId)).toEqual([c.auditId, m.auditId, u!.auditId]);
  });
});

describe("presence", () => {
  it("shows who has which pair open or is editing it, forgets a tab that leaves, and never lets one user move another's tab", async () => {
    const ps = await pairsWithSides(env.db, env.bitextId);
    await touchPresence(env.db, env.alice.id, env.bitextId, { clientId: "alice-tab-1", pairId: ps[0].id, editing: false });
    await touchPresence(env.db, env.bob.id, env.bitextId, { clientId: "bob-tab-1", pairId: ps[3].id, editing: true });
    expect(await listPresence(env.db, env.bitextId, "alice-tab-1")).toEqual([{ clientId: "bob-tab-1", userId: env.bob.id, name: "Bob", pairId: ps[3].id, editing: true }]);
    // Bob cannot take over Alice's tab id
    await touchPresence(env.db, env.bob.id, env.bitextId, { clientId: "alice-tab-1", pairId: ps[5].id, editing: true });
    const all = await listPresence(env.db, env.bitextId);
    expect(all.find((p) => p.clientId === "alice-tab-1")).toMatchObject({ userId: env.alice.id, pairId: ps[0].id, editing: false });
    await touchPresence(env.db, env.bob.id, env.bitextId, { clientId: "bob-tab-1", pairId: null, editing: false, leaving: true });
    expect((await listPresence(env.db, env.bitextId)).map((p) => p.clientId)).toEqual(["alice-tab-1"]);
    // stale tabs are left out
    await env.db.presence.updateMany({ data: { seenAt: new Date(Date.now() - 60_000) } });
    expect(await listPresence(env.db, env.bitextId)).toEqual([]);
  });
});

describe.runIf(testDatabaseKind === "postgresql")("PostgreSQL notifications", () => {
  it("a committed change is known to the watcher without reading the audit log", async () => {
    const watch = new AuditWatch(env.url);
    const start = await latestAuditId(env.db, env.bitextId);
    let reads = 0;
    const read = async () => (reads++, latestAuditId(env.db, env.bitextId));
    expect(await watch.mayHaveNews(env.bitextId, start, read)).toBe(false);
    expect(reads).toBe(1);
    const ps = await pairsWithSides(env.db, env.bitextId);
    const r = await addFlag(env.db, env.alice, { pairId: ps[0].id, category: "style", severity: "minor" }, opts);
    const deadline = Date.now() + 2_000;
    while (!(await watch.mayHaveNews(env.bitextId, start, read)) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
    expect(await watch.mayHaveNews(env.bitextId, start, read)).toBe(true);
    expect(await watch.mayHaveNews(env.bitextId, r.auditId, read)).toBe(false);
    expect(reads).toBe(1);
    await watch.close();
  });
});

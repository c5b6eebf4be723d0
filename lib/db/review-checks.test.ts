// Automatic checks re-run after every edit (as the pair route does): that must never block an
// undo, and after undo + re-check the findings are what they were (a dismissal included).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDatabase, type TempDatabase } from "../../tests/db/test-db";
import { loadDemoProject } from "../../seeds/load-demo";
import { ChecksTooLongError, dismissCheckFlag, runBitextChecks } from "./checks";
import { mergeWithNext, undoLast } from "./review";
import { undoRestoredPairIds } from "./review/view";
import { createUser } from "./users";

describe("checks re-run after edits and undo", () => {
  let t: TempDatabase;
  beforeAll(() => {
    t = tempDatabase("review-checks");
  });
  afterAll(async () => {
    await t.close();
  });

  it("merge → re-check → undo → re-check restores the findings, dismissal included", async () => {
    const { db } = t;
    const { projectId } = await loadDemoProject(db);
    const bitext = await db.bitext.findFirstOrThrow({ where: { projectId } });
    const ada = await createUser(db, { name: "Ada", email: "ada1@example.org" });
    const actor = { id: ada.id, name: ada.name };
    const pairs = await db.alignmentPair.findMany({ where: { bitextId: bitext.id }, orderBy: { position: "asc" }, include: { flags: true } });
    // two neighbours that both have automatic findings
    const i = pairs.findIndex((p, k) => k + 1 < pairs.length && p.flags.some((f) => f.source === "check") && pairs[k + 1].flags.some((f) => f.source === "check"));
    expect(i).toBeGreaterThanOrEqual(0);
    const [a, b] = [pairs[i], pairs[i + 1]];
    const dismissed = b.flags.find((f) => f.source === "check")!;
    await dismissCheckFlag(db, dismissed.id, ada.id);
    const findings = async () =>
      (await db.flag.findMany({ where: { pairId: { in: [a.id, b.id] }, source: "check" }, orderBy: { id: "asc" } }))
        .map((f) => `${f.pairId}:${f.checkKey}:${f.resolved}`)
        .sort();
    const before = await findings();

    const merged = await mergeWithNext(db, actor, { pairId: a.id, expectedVersions: { [a.id]: a.version, [b.id]: b.version } });
    const r1 = await runBitextChecks(db, bitext.id, { pairIds: merged.pairs.map((p) => p.id) });
    expect(r1.created + r1.removed).toBeGreaterThan(0); // the merged pair's findings changed

    const undone = await undoLast(db, actor, { bitextId: bitext.id });
    expect(undone?.action).toBe("merge");
    const restored = await undoRestoredPairIds(db, undone!.auditId);
    expect(restored).toEqual(expect.arrayContaining([a.id, b.id]));
    await runBitextChecks(db, bitext.id, { pairIds: restored });

    expect(await findings()).toEqual(before);
    expect((await db.flag.findUniqueOrThrow({ where: { id: dismissed.id } })).resolved).toBe(true);
  });

  it("refuses the whole-document checks above the pair budget, before any work, and still re-checks an edited pair", async () => {
    const { db } = t;
    const bitext = await db.bitext.findFirstOrThrow({ orderBy: { id: "asc" } });
    const pairs = await db.alignmentPair.findMany({ where: { bitextId: bitext.id }, orderBy: { position: "asc" } });
    const flagsBefore = await db.flag.count({ where: { pair: { bitextId: bitext.id }, source: "check" } });
    const max = pairs.length - 1;
    await expect(runBitextChecks(db, bitext.id, { maxPairs: max })).rejects.toThrow(ChecksTooLongError);
    await expect(runBitextChecks(db, bitext.id, { maxPairs: max })).rejects.toThrow(`at most ${max} pairs at once and this document pair has ${pairs.length}`);
    expect(await db.flag.count({ where: { pair: { bitextId: bitext.id }, source: "check" } })).toBe(flagsBefore);
    const r = await runBitextChecks(db, bitext.id, { pairIds: [pairs[0].id], maxPairs: max });
    expect(r).toBeDefined();
  });
});

// Web clutter stays restorable: an editor restores a sentence the splitter excluded, undo
// puts the exclusion back, and the invariants hold throughout.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDatabase, type TempDatabase } from "../../../tests/db/test-db";
import { loadDemoProject } from "../../../seeds/load-demo";
import { checkBitextInvariants, setSentenceExcluded, undoLast } from "../review";
import { createUser } from "../users";

let temp: TempDatabase;
beforeAll(() => {
  temp = tempDatabase("exclude");
});
afterAll(() => temp?.close());

describe("excluded sentences", () => {
  it("can be restored and excluded again, with undo and version checks", async () => {
    const db = temp.db;
    const { projectId } = await loadDemoProject(db);
    const bitext = await db.bitext.findFirstOrThrow({ where: { projectId } });
    const editor = await createUser(db, { name: "Mei", email: "mei1@example.org" });
    const actor = { id: editor.id, name: editor.name };
    const share = await db.sentence.findFirstOrThrow({ where: { text: "分享", document: { bitextId: bitext.id } }, include: { pair: true } });
    expect(share.excluded).toBe(true);

    const r = await setSentenceExcluded(db, actor, { sentenceId: share.id, excluded: false, expectedVersion: share.pair!.version });
    expect(r.pairs[0].version).toBe(share.pair!.version + 1);
    const restored = await db.sentence.findUniqueOrThrow({ where: { id: share.id } });
    expect([restored.excluded, restored.excludedReason]).toEqual([false, null]);
    expect(await checkBitextInvariants(db, bitext.id)).toEqual([]);
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityType: "sentence", entityId: share.id }, orderBy: { id: "desc" } });
    expect([audit.action, audit.actorId]).toEqual(["sentence.restore", editor.id]);

    // Restoring it twice is refused (the mark is the only thing it collides with).
    await expect(
      setSentenceExcluded(db, actor, { sentenceId: share.id, excluded: false, expectedVersion: share.pair!.version }),
    ).rejects.toThrow(/already included/);

    await undoLast(db, actor, { bitextId: bitext.id });
    expect((await db.sentence.findUniqueOrThrow({ where: { id: share.id } })).excluded).toBe(true);
    expect(await checkBitextInvariants(db, bitext.id)).toEqual([]);
  });
});

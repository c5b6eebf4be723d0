// The project page's list of document pairs: each one's progress (reviewed %, editors' open
// flags, open automatic findings, mean confidence) is what its review page's summary says,
// counted in a few grouped queries. On the demo (with its web clutter and automatic findings)
// and a second document pair of Genesis, after some review.
import fs from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "./client";
import { tempDatabase, type TempDatabase } from "../../tests/db/test-db";
import { alignBitext, createBitext } from "./bitexts";
import { projectProgress } from "./projects";
import { addFlag, confirmPair, resolveFlag } from "./review";
import { getPairIndex, getPairRows, pairFilterSchema } from "./review/view";
import { loadDemoProject } from "../../seeds/load-demo";
import { corpusPath } from "../../tests/corpora";
import { describeWithCorpora } from "../../tests/vitest-corpora";

let temp: TempDatabase;
let db: Db;
let projectId: number;
const bitextIds: number[] = [];

beforeAll(async () => {
  temp = tempDatabase("project-progress");
  db = temp.db;
  projectId = (await loadDemoProject(db)).projectId;
  bitextIds.push((await db.bitext.findFirstOrThrow({ where: { projectId } })).id);
}, 120_000);
afterAll(() => temp?.close());

async function expectSummaries() {
  const progress = await projectProgress(db, projectId);
  for (const id of bitextIds) {
    const s = (await getPairIndex(db, id, pairFilterSchema.parse({}))).summary;
    expect(progress.get(id), `document pair ${id}`).toEqual({
      pairs: s.pairs - s.clutter,
      clutter: s.clutter,
      reviewed: s.reviewed,
      reviewedPct: s.reviewedPct,
      openFlags: s.openFlags.minor + s.openFlags.major + s.openFlags.critical,
      findings: s.checkFindings.minor + s.checkFindings.major + s.checkFindings.critical,
      meanConfidence: s.meanConfidence,
    });
  }
  return progress;
}

describeWithCorpora("bible", "project progress", () => {
  it("agrees with each review page's summary, before and after review", async () => {
    const en = fs.readFileSync(corpusPath("bible", "006.en"), "utf8").split("\n").slice(0, 20).join("\n");
    const zh = fs.readFileSync(corpusPath("bible", "006.zh"), "utf8").split("\n").slice(0, 30).join("\n");
    const b = await createBitext(db, { projectId, title: "Genesis", en: { text: en }, zh: { text: zh }, mode: "parallel" });
    await alignBitext(db, b.id);
    bitextIds.push(b.id);
    const before = await expectSummaries();
    const demo = before.get(bitextIds[0])!;
    expect(demo.clutter).toBeGreaterThan(0); // the demo's bylines and navigation
    expect(demo.findings).toBeGreaterThan(0); // its automatic findings
    expect(demo.reviewedPct).toBe(0);
    expect(before.get(b.id)!.meanConfidence).toBeGreaterThan(0);

    const actor = { id: null, name: "Reviewer" };
    const index = await getPairIndex(db, b.id, pairFilterSchema.parse({}));
    const rows = await getPairRows(db, b.id, index.ids.slice(0, 4));
    for (const r of rows.slice(0, 3)) await confirmPair(db, actor, { pairId: r.id, expectedVersion: r.version });
    const f = await addFlag(db, actor, { pairId: rows[3].id, category: "mistranslation", severity: "major" });
    await addFlag(db, actor, { pairId: rows[3].id, category: "style", severity: "minor" });
    const after = await expectSummaries();
    expect(after.get(b.id)!.reviewed).toBe(4); // three confirmed, one flagged
    expect(after.get(b.id)!.openFlags).toBe(2);
    await resolveFlag(db, actor, { flagId: f.flagId, expectedVersion: 1 });
    expect((await expectSummaries()).get(b.id)!.openFlags).toBe(1);
    // a project's progress never counts another project's document pairs
    const other = await db.project.create({ data: { name: "empty" } });
    expect((await projectProgress(db, other.id)).size).toBe(0);
  });
});

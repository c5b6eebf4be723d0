// A worker whose claim was taken over (its lease ran out while it worked, and another worker
// claimed the job) must not store its result: the job's work is stored exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { tempDatabase, type TempDatabase } from "../../tests/db/test-db";
import { alignBitext, createBitext } from "../db/bitexts";
import { claimNextJob, enqueueJob } from "../db/jobs";
import { readDemoTexts } from "../../seeds/load-demo";

let temp: TempDatabase;
let db: Db;

beforeAll(() => {
  temp = tempDatabase("ownership");
  db = temp.db;
});

afterAll(() => temp?.close());

describe("storing an alignment for a job", () => {
  it("stores it while the job is the worker's, refuses once another worker holds it", async () => {
    const project = await db.project.create({ data: { name: "ownership" } });
    const texts = readDemoTexts();
    const bitext = await createBitext(db, { projectId: project.id, title: "Hongqi", en: { text: texts.en }, zh: { text: texts.zh }, mode: "auto" });
    await enqueueJob(db, { type: "align", bitextId: bitext.id });
    const job = await claimNextJob(db, "worker-a");
    expect(job?.lockedBy).toBe("worker-a");

    const auditsBefore = await db.auditLog.count({ where: { bitextId: bitext.id } });
    // Another worker took the job over (as after an expired lease).
    await db.job.update({ where: { id: job!.id }, data: { lockedBy: "worker-b" } });
    await expect(alignBitext(db, bitext.id, { ownedBy: { jobId: job!.id, workerId: "worker-a" } })).rejects.toThrow(/no longer this worker's/);
    expect(await db.alignmentPair.count({ where: { bitextId: bitext.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { bitextId: bitext.id } })).toBe(auditsBefore);

    // The owner stores it, once.
    const result = await alignBitext(db, bitext.id, { ownedBy: { jobId: job!.id, workerId: "worker-b" } });
    expect(await db.alignmentPair.count({ where: { bitextId: bitext.id } })).toBe(result.beads.length);
    expect(result.beads.length).toBeGreaterThan(5);
  });
});

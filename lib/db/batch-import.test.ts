// Batch import into the database: each readable pair becomes a document pair with an align
// job, in one transaction; a second import of the same files adds nothing; the progress view
// counts the states of the latest jobs; cancel-all and retry-failed act on the whole project.
import { strToU8 } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "./client";
import { tempDatabase, type TempDatabase } from "../../tests/db/test-db";
import { batchStatus, BatchImportError, cancelProjectJobs, importBatch, retryProjectJobs } from "./batch-import";
import { claimNextJob, failJob, MAX_ATTEMPTS } from "./jobs";
import { readBatch } from "../import/batch";
import { runWorker } from "../jobs/worker";

let temp: TempDatabase;
let db: Db;
beforeAll(() => {
  temp = tempDatabase("batch-import");
  db = temp.db;
});
afterAll(() => temp?.close());

const EN = ["The town opened on Monday.", "Its mayor spoke about the railway.", "Crowds filled the square."];
const ZH = ["小镇于周一开放。", "镇长谈到了铁路。", "人群挤满了广场。"];
const files = (names: string[]) =>
  names.flatMap((n, i) => [
    { path: `${n}.en.txt`, bytes: strToU8(`${EN[i % 3]} ${EN[(i + 1) % 3]} Number ${i + 1}.`) },
    { path: `${n}.zh.txt`, bytes: strToU8(`${ZH[i % 3]}${ZH[(i + 1) % 3]}第${i + 1}号。`) },
  ]);

describe("importBatch", () => {
  it("creates the project, a document pair and an align job per pair, and reports every file", async () => {
    const report = await readBatch([...files(["a", "b", "c"]), { path: "lonely.zh.txt", bytes: strToU8(ZH[0]) }]);
    const r = await importBatch(db, { projectName: "Batch A", createProject: true, mode: "parallel" }, report);
    expect(r.projectCreated).toBe(true);
    expect(r.created.map((c) => c.name)).toEqual(["a", "b", "c"]);
    const bitexts = await db.bitext.findMany({ where: { projectId: r.projectId }, orderBy: { position: "asc" }, include: { documents: true } });
    expect(bitexts.map((b) => [b.title, b.position, b.requestedMode])).toEqual([
      ["a", 0, "parallel"],
      ["b", 1, "parallel"],
      ["c", 2, "parallel"],
    ]);
    expect(bitexts[0].documents.find((d) => d.lang === "en")?.sourceName).toBe("a.en.txt");
    const jobs = await db.job.findMany({ where: { id: { in: r.created.map((c) => c.jobId) } } });
    expect(jobs.every((j) => j.type === "align" && j.status === "queued")).toBe(true);
    expect(r.files.find((f) => f.path === "lonely.zh.txt")?.status).toBe("unpaired");

    // The same folder again: nothing new, every pair reported as already there.
    const again = await importBatch(db, { projectName: "Batch A", createProject: true }, report);
    expect(again.projectCreated).toBe(false);
    expect(again.created).toEqual([]);
    expect(again.files.filter((f) => f.status === "exists").map((f) => f.path)).toEqual(["a.en.txt", "a.zh.txt", "b.en.txt", "b.zh.txt", "c.en.txt", "c.zh.txt"]);
    expect(await db.bitext.count({ where: { projectId: r.projectId } })).toBe(3);
    expect(await cancelProjectJobs(db, r.projectId)).toBe(3); // leave the queue to the next test
  });

  it("refuses an unknown project unless asked to create it, and creates nothing then", async () => {
    const report = await readBatch(files(["x"]));
    await expect(importBatch(db, { projectName: "Nope" }, report)).rejects.toThrow(BatchImportError);
    await expect(importBatch(db, { projectId: 99_999 }, report)).rejects.toThrow(/does not exist/);
    expect(await db.project.findUnique({ where: { name: "Nope" } })).toBeNull();
  });
});

describe("batch progress", () => {
  it("follows the jobs: queued, aligned, failed with its error and attempts, cancelled, retried", async () => {
    const report = await readBatch(files(["p1", "p2", "p3", "p4"]));
    const { projectId, created } = await importBatch(db, { projectName: "Batch B", createProject: true }, report);
    let s = (await batchStatus(db, projectId))!;
    expect(s.counts).toMatchObject({ queued: 4, aligned: 0, total: 4 });
    expect(s.active).toBe(true);

    // p1 fails for good, p2 is cancelled, the rest is aligned by a worker.
    const claimed = (await claimNextJob(db, "w"))!;
    expect(claimed.id).toBe(created[0].jobId);
    await db.job.update({ where: { id: claimed.id }, data: { attempts: MAX_ATTEMPTS } });
    await failJob(db, claimed.id, "w", "out of memory");
    expect(await cancelProjectJobs(db, projectId)).toBe(3);
    await db.job.updateMany({ where: { id: { in: [created[2].jobId, created[3].jobId] } }, data: { status: "queued", finishedAt: null } });
    await runWorker(db, { untilIdle: true, workerId: "w2" });

    s = (await batchStatus(db, projectId))!;
    expect(s.counts).toMatchObject({ aligned: 2, failed: 1, cancelled: 1, queued: 0, running: 0 });
    expect(s.active).toBe(false);
    const p1 = s.rows.find((r) => r.title === "p1")!;
    expect(p1).toMatchObject({ state: "failed", job: { error: "out of memory", attempts: MAX_ATTEMPTS, maxAttempts: MAX_ATTEMPTS } });
    expect(s.rows.find((r) => r.title === "p3")).toMatchObject({ state: "aligned", job: { status: "done", progress: 1 } });
    expect(s.rows.find((r) => r.title === "p3")!.pairs).toBeGreaterThan(0);

    // Retry failed: p1 and p2 get new jobs and end aligned.
    expect(await retryProjectJobs(db, projectId)).toHaveLength(2);
    expect((await batchStatus(db, projectId))!.counts.queued).toBe(2);
    await runWorker(db, { untilIdle: true, workerId: "w3" });
    s = (await batchStatus(db, projectId))!;
    expect(s.counts).toMatchObject({ aligned: 4, failed: 0, cancelled: 0 });
  });
});

// One honest progress bar over an alignment job's stages: the reports the stages really make
// (the aligner's own 0 → 4/4 "done", saving 1/1, the checks), first as the sequence that used to
// show 100% then 99%, then on the demo texts through the worker, read back from the job row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { tempDatabase, type TempDatabase } from "../../tests/db/test-db";
import { createBitext } from "../db/bitexts";
import { enqueueJob, getJob } from "../db/jobs";
import { readDemoTexts } from "../../seeds/load-demo";
import { ALIGN_STAGES, MAX_BEFORE_DONE, alignStageOf, stagedReport } from "./stages";
import { runWorker } from "./worker";

function record() {
  const seen: { fraction: number; stage: string }[] = [];
  const report = stagedReport((done, total, stage) => seen.push({ fraction: done / total, stage }), ALIGN_STAGES, alignStageOf);
  return { seen, report };
}

describe("staged job progress", () => {
  it("never goes back nor shows 100% before the end, and names the step", () => {
    const { seen, report } = record();
    // what an import used to report: 0%, the aligner up to 100% ("done"), saving 100%, checks 99%
    report(0, 1, "splitting sentences");
    report(0, 4, "preparing");
    report(1, 4, "comparable: candidates");
    report(2, 4, "comparable: matching");
    report(3.5, 4, "scoring");
    report(3.75, 4, "confidence");
    report(4, 4, "done");
    report(1, 1, "saving pairs");
    report(0, 1, "checking translations");
    report(0.99, 1, "checking translations");
    const fractions = seen.map((s) => s.fraction);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    expect(Math.max(...fractions)).toBeLessThanOrEqual(MAX_BEFORE_DONE);
    expect(seen.map((s) => s.stage)).toEqual([
      "step 1 of 4: splitting sentences",
      "step 2 of 4: aligning (preparing)",
      "step 2 of 4: aligning (comparable: candidates)",
      "step 2 of 4: aligning (comparable: matching)",
      "step 2 of 4: aligning (scoring)",
      "step 2 of 4: aligning (confidence)",
      "step 2 of 4: aligning",
      "step 3 of 4: saving pairs",
      "step 4 of 4: checking translations",
      "step 4 of 4: checking translations",
    ]);
    // each stage owns its share: the aligner's "done" ends step 2 at 80%, saving ends at 88%
    expect(fractions[6]).toBeCloseTo(0.8, 3);
    expect(fractions[7]).toBeCloseTo(0.88, 3);
  });

  it("a stage never goes back: a late report of an earlier stage counts as the current one", () => {
    const { seen, report } = record();
    report(1, 1, "saving pairs");
    report(2, 4, "search");
    expect(seen[1].stage).toBe("step 3 of 4: saving pairs");
    expect(seen[1].fraction).toBeGreaterThanOrEqual(seen[0].fraction);
  });
});

describe("staged job progress through the worker", () => {
  let temp: TempDatabase;
  let db: Db;
  beforeAll(() => {
    temp = tempDatabase("stages");
    db = temp.db;
  });
  afterAll(() => temp?.close());

  it("the demo's alignment job, read from its row while it runs, only moves forward and reaches 100% when done", async () => {
    const project = await db.project.create({ data: { name: "stages" } });
    const texts = readDemoTexts();
    const bitext = await createBitext(db, { projectId: project.id, title: "Hongqi", en: { text: texts.en }, zh: { text: texts.zh } });
    const job = await enqueueJob(db, { type: "align", bitextId: bitext.id });
    const seen: { progress: number; stage: string | null; status: string }[] = [];
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const j = await db.job.findUnique({ where: { id: job.id }, select: { progress: true, stage: true, status: true } });
        if (j) seen.push(j);
        await new Promise((r) => setTimeout(r, 15));
      }
    })();
    await runWorker(db, { untilIdle: true, workerId: "stages-worker" });
    polling = false;
    await poll;
    const done = await getJob(db, job.id);
    expect(done?.status).toBe("done");
    expect(done?.progress).toBe(1);
    const running = seen.filter((s) => s.status === "running");
    expect(running.length).toBeGreaterThan(0);
    for (let i = 1; i < seen.length; i++) expect(seen[i].progress).toBeGreaterThanOrEqual(seen[i - 1].progress);
    for (const s of running) {
      expect(s.progress).toBeLessThanOrEqual(MAX_BEFORE_DONE);
      if (s.stage !== null && s.stage !== "queued") expect(s.stage).toMatch(/^step [1-4] of 4: /);
    }
  });
});

// The job queue on a temporary database (the table queue on SQLite, pg-boss on PostgreSQL): an
// alignment job runs in the worker (in a thread), reports progress, stores its pairs; claiming
// is exclusive; failures retry with backoff.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { tempDatabase, type TempDatabase } from "../../tests/db/test-db";
import { createBitext } from "../db/bitexts";
import { cancelJob, enqueueJob, getJob } from "../db/jobs";
import type { JobQueue } from "../db/queue";
import { makeDue, openTestQueue, queueEngine } from "../../tests/jobs/queue-kit";
import { readDemoTexts } from "../../seeds/load-demo";
import { runWorker } from "./worker";

let temp: TempDatabase;
let db: Db;
let queue: JobQueue;

beforeAll(async () => {
  temp = tempDatabase("jobs");
  db = temp.db;
  queue = await openTestQueue(db);
});

afterAll(async () => {
  await queue?.close();
  await temp?.close();
});

async function newBitext(mode: "auto" | "parallel" | "comparable" = "auto") {
  const project = await db.project.create({ data: { name: `p-${Math.random()}` } });
  const texts = readDemoTexts();
  return createBitext(db, { projectId: project.id, title: "Hongqi", en: { text: texts.en }, zh: { text: texts.zh }, mode });
}

describe("job queue", () => {
  it("runs an alignment job to completion with progress and stored pairs", async () => {
    const bitext = await newBitext();
    const job = await enqueueJob(db, { type: "align", bitextId: bitext.id });
    const processed = await runWorker(db, { untilIdle: true, workerId: "test-worker" });
    expect(processed).toBe(1);
    const done = await getJob(db, job.id);
    expect(done?.error ?? null).toBeNull();
    expect(done?.status).toBe("done");
    expect(done?.progress).toBe(1);
    expect((done?.result as { pairs: number }).pairs).toBeGreaterThan(5);
    const after = await db.bitext.findUniqueOrThrow({ where: { id: bitext.id } });
    expect(after.status).toBe("ready");
    expect(await db.alignmentPair.count({ where: { bitextId: bitext.id } })).toBe((done?.result as { pairs: number }).pairs);
  });

  it("gives a job to exactly one of two competing workers", async () => {
    expect(queue.engine).toBe(queueEngine);
    const bitext = await newBitext();
    const job = await enqueueJob(db, { type: "align", bitextId: bitext.id });
    const [a, b] = await Promise.all([queue.claim("w1"), queue.claim("w2")]);
    const winners = [a, b].filter((j) => j?.id === job.id);
    expect(winners).toHaveLength(1);
    await cancelJob(db, job.id);
  });

  it("retries a failed attempt later and gives up after the last one", async () => {
    const job = await enqueueJob(db, { type: "align", bitextId: null });
    const claimed = (await queue.claim("w"))!;
    expect(claimed?.id).toBe(job.id);
    await queue.fail(claimed, "boom");
    let state = await getJob(db, job.id);
    expect(state?.status).toBe("queued");
    expect(state!.runAfter.getTime()).toBeGreaterThan(Date.now());
    // Exhaust the remaining attempts.
    for (let i = 0; i < 5 && state?.status === "queued"; i++) {
      expect(await queue.claim("w"), "not runnable before its backoff is over").toBeNull();
      await makeDue(db, job.id);
      await queue.fail((await queue.claim("w"))!, "boom");
      state = await getJob(db, job.id);
    }
    expect(state?.status).toBe("failed");
    expect(state?.attempts).toBe(3);
    expect(state?.error).toBe("boom");
  });
});

describe("automatic checks after alignment", () => {
  it("stores findings as check flags, keeps dismissed ones dismissed and never touches editors' flags", async () => {
    const { runBitextChecks, dismissCheckFlag } = await import("../db/checks");
    const bitext = await newBitext("comparable");
    await enqueueJob(db, { type: "align", bitextId: bitext.id });
    await runWorker(db, { untilIdle: true, workerId: "checks" });
    const flags = await db.flag.findMany({ where: { pair: { bitextId: bitext.id }, source: "check" } });
    expect(flags.length).toBeGreaterThan(0);
    expect(flags.every((f) => f.checkId && f.checkKey && f.note.length > 0)).toBe(true);

    const editorFlag = await db.flag.create({ data: { pairId: flags[0].pairId, category: "style", severity: "minor", note: "mine" } });
    await dismissCheckFlag(db, flags[0].id, null);
    const again = await runBitextChecks(db, bitext.id);
    expect(again.created).toBe(0);
    const after = await db.flag.findMany({ where: { pair: { bitextId: bitext.id } } });
    expect(after.find((f) => f.id === flags[0].id)?.resolved).toBe(true);
    expect(after.find((f) => f.id === editorFlag.id)?.note).toBe("mine");
    expect(after.filter((f) => f.source === "check")).toHaveLength(flags.length);
  });
});

describe("re-alignment as a job", () => {
  it("re-aligns the unconfirmed pairs around confirmed ones in the worker", async () => {
    const { checkBitextInvariants } = await import("../db/review");
    const { createUser } = await import("../db/users");
    const bitext = await newBitext("comparable");
    await enqueueJob(db, { type: "align", bitextId: bitext.id });
    await runWorker(db, { untilIdle: true, workerId: "realign" });
    const editor = await createUser(db, { name: "Lin", email: "lin1@example.org" });
    const matched = await db.alignmentPair.findMany({ where: { bitextId: bitext.id, score: { not: null } }, include: { sentences: true } });
    const anchor = matched[0];
    await db.alignmentPair.update({ where: { id: anchor.id }, data: { status: "confirmed" } });

    const job = await enqueueJob(db, { type: "realign", bitextId: bitext.id, payload: { actorId: editor.id, actorName: editor.name, mode: "comparable" } });
    await runWorker(db, { untilIdle: true, workerId: "realign" });
    const done = await getJob(db, job.id);
    expect(done?.error ?? null).toBeNull();
    expect(done?.status).toBe("done");
    expect((done?.result as { stretches: number }).stretches).toBeGreaterThan(0);
    // The confirmed pair keeps exactly its sentences.
    const kept = await db.alignmentPair.findUniqueOrThrow({ where: { id: anchor.id }, include: { sentences: true } });
    expect(kept.status).toBe("confirmed");
    expect(kept.sentences.map((s) => s.id).sort()).toEqual(anchor.sentences.map((s) => s.id).sort());
    expect(await checkBitextInvariants(db, bitext.id)).toEqual([]);
    const audit = await db.auditLog.findFirst({ where: { bitextId: bitext.id, action: "realign" } });
    expect(audit?.actorId).toBe(editor.id);
  });
});

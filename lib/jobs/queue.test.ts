// Queue completion: two workers (two loops with their own database clients, and two worker
// processes) drain one queue and run every job exactly once, counted on the side effects;
// heartbeats keep long jobs, stale claims are requeued; cancel stops a running alignment;
// a stopping worker releases its job; failed jobs can be retried; exports run as jobs.
// The same tests run against the table queue (SQLite) and pg-boss (PostgreSQL pass).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { tempDatabase, type TempDatabase } from "../../tests/db/test-db";
import { alignBitext, createBitext } from "../db/bitexts";
import { MAX_ATTEMPTS, STALE_AFTER_MS, cancelJob, enqueueJob, getJob, retryJob } from "../db/jobs";
import type { JobQueue } from "../db/queue";
import { backdateLease, bossJobCount, makeDue, openTestQueue } from "../../tests/jobs/queue-kit";
import { openExportDownload, runExportJob, type ExportJobPayload } from "../db/export";
import { readDemoTexts } from "../../seeds/load-demo";
import { alignThreadsStarted } from "./align-thread";
import { runWorker } from "./worker";
import { corpusPath } from "../../tests/corpora";
import { itWithCorpora } from "../../tests/vitest-corpora";

const root = path.resolve(__dirname, "../..");

let temp: TempDatabase;
let db: Db;
let queue: JobQueue;

beforeAll(async () => {
  temp = tempDatabase("queue");
  db = temp.db;
  queue = await openTestQueue(db);
});
afterAll(async () => {
  await queue?.close();
  await temp?.close();
});

async function newProject(prefix: string) {
  return db.project.create({ data: { name: `${prefix}-${Math.random().toString(36).slice(2)}` } });
}

/** `n` demo document pairs, each with an align job. */
async function alignJobs(n: number, opts: { runAfter?: Date } = {}) {
  const project = await newProject("batch");
  const texts = readDemoTexts();
  const ids: { bitextId: number; jobId: number }[] = [];
  for (let i = 0; i < n; i++) {
    const b = await createBitext(db, { projectId: project.id, title: `doc ${i}`, en: { text: texts.en }, zh: { text: texts.zh } });
    const job = await enqueueJob(db, { type: "align", bitextId: b.id });
    if (opts.runAfter) await db.job.update({ where: { id: job.id }, data: { runAfter: opts.runAfter } });
    ids.push({ bitextId: b.id, jobId: job.id });
  }
  return { projectId: project.id, ids };
}

/** An alignment of the first `enLines` Bible verses (and about as much Chinese): seconds of work. */
async function bibleJob(enLines: number) {
  const lines = (f: string, n: number) => fs.readFileSync(corpusPath("bible", f), "utf8").split("\n").slice(0, n).join("\n");
  const project = await newProject("bible");
  const b = await createBitext(db, {
    projectId: project.id,
    title: "bible",
    en: { text: lines("006.en", enLines) },
    zh: { text: lines("006.zh", Math.round(enLines * 1.42)) },
    mode: "parallel",
  });
  const job = await enqueueJob(db, { type: "align", bitextId: b.id });
  return { bitextId: b.id, jobId: job.id };
}

/** Every job done on its first attempt, and every document pair aligned exactly once (audit log). */
async function expectEachRanOnce(ids: { bitextId: number; jobId: number }[]) {
  const jobs = await db.job.findMany({ where: { id: { in: ids.map((i) => i.jobId) } } });
  expect(jobs.map((j) => j.status)).toEqual(ids.map(() => "done"));
  expect(jobs.every((j) => j.attempts === 1)).toBe(true);
  const aligns = await db.auditLog.groupBy({
    by: ["bitextId"],
    where: { action: "align", bitextId: { in: ids.map((i) => i.bitextId) } },
    _count: { _all: true },
  });
  expect(aligns).toHaveLength(ids.length);
  expect(aligns.every((a) => a._count._all === 1)).toBe(true);
  const bitexts = await db.bitext.findMany({ where: { id: { in: ids.map((i) => i.bitextId) } } });
  expect(bitexts.every((b) => b.status === "ready")).toBe(true);
  // The check flags of one run only (a second run would not add any, but would have left two audit rows).
  const pairs = await db.alignmentPair.groupBy({ by: ["bitextId"], where: { bitextId: { in: ids.map((i) => i.bitextId) } }, _count: { _all: true } });
  expect(new Set(pairs.map((p) => p._count._all)).size).toBe(1);
}

describe("two workers on one queue", () => {
  it("two worker loops drain 30 jobs, each job run once; alignment threads are reused", async () => {
    const { ids } = await alignJobs(30);
    // One client, as `--concurrency 2` does: two better-sqlite3 connections in ONE process would
    // block each other's event loop on SQLite's file lock (separate processes are tested below).
    const threadsBefore = alignThreadsStarted();
    const [a, b] = await Promise.all([
      runWorker(db, { untilIdle: true, workerId: "loop-a", pollMs: 50 }),
      runWorker(db, { untilIdle: true, workerId: "loop-b", pollMs: 50 }),
    ]);
    expect(a + b).toBe(30);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    await expectEachRanOnce(ids);
    const workers = await db.job.groupBy({ by: ["id"], where: { id: { in: ids.map((i) => i.jobId) } } });
    expect(workers).toHaveLength(30);
    // Two concurrent alignments need two threads, not thirty.
    expect(alignThreadsStarted() - threadsBefore).toBeLessThanOrEqual(4);
  });

  it("two `npm run worker -- --until-idle` processes drain 30 jobs, each job run once", async () => {
    // The jobs become runnable together a few seconds from now, so both processes are up and
    // competing from the first job on (--until-idle waits for jobs that are not due yet).
    const { ids } = await alignJobs(30, { runAfter: new Date(Date.now() + 6000) });
    const run = (id: string) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn("npm", ["run", "--silent", "worker", "--", "--until-idle", "--id", id], {
          cwd: root,
          env: { ...process.env, DATABASE_URL: temp.url },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        child.on("exit", (code) => resolve({ code, out }));
      });
    const [a, b] = await Promise.all([run("A"), run("B")]);
    expect(a.code, a.out).toBe(0);
    expect(b.code, b.out).toBe(0);
    const ran = (out: string) => (out.match(/job \d+ done/g) ?? []).length;
    expect(ran(a.out) + ran(b.out), `${a.out}\n${b.out}`).toBe(30);
    expect(ran(a.out)).toBeGreaterThan(0);
    expect(ran(b.out)).toBeGreaterThan(0);
    await expectEachRanOnce(ids);
  }, 240_000);
});

describe("claims, heartbeats and stale jobs", () => {
  it("a heartbeat keeps a long job; a silent one is requeued after its lease, and fails once its attempts are used", async () => {
    const { ids } = await alignJobs(1);
    const job = (await queue.claim("w-hb"))!;
    expect(job.id).toBe(ids[0].jobId);
    await backdateLease(db, job.id);
    expect(await queue.renew(job, 0)).toBe(true);
    expect(await queue.recoverStale()).toBe(0);
    expect((await getJob(db, job.id))?.status).toBe("running");

    // No renewal for longer than the lease: requeued, and the old attempt can no longer renew or finish it.
    await backdateLease(db, job.id);
    expect(await queue.recoverStale()).toBe(1);
    expect((await getJob(db, job.id))?.status).toBe("queued");
    expect(await queue.renew(job, 0)).toBe(false);
    expect(await queue.complete(job, { stale: true })).toBe(false);

    // Taken by the next worker after the backoff; a job that keeps killing its workers fails
    // after MAX_ATTEMPTS instead of cycling for ever.
    await makeDue(db, job.id);
    const again = (await queue.claim("w-dead"))!;
    expect(again).toMatchObject({ id: job.id, status: "running", attempts: 2 });
    expect(again.lockedBy).not.toBe(job.lockedBy);
    await db.job.update({ where: { id: job.id }, data: { attempts: MAX_ATTEMPTS } });
    await backdateLease(db, job.id);
    expect(await queue.recoverStale()).toBe(1);
    const failed = await getJob(db, job.id);
    expect(failed?.status).toBe("failed");
    expect(failed?.error).toMatch(/stopped responding/);
    await makeDue(db, job.id);
    expect(await queue.claim("w-next"), "a failed job is never run again").toBeNull();
  });

  it("jobs queued or left running by a worker of the previous version survive an upgrade, and run once", async () => {
    const { ids } = await alignJobs(2);
    // Job rows as the table queue left them: one queued, one running under a worker that died.
    await db.job.update({
      where: { id: ids[1].jobId },
      data: { status: "running", lockedBy: "old-version-worker", lockedAt: new Date(Date.now() - STALE_AFTER_MS - 5000), attempts: 1 },
    });
    expect(await bossJobCount(db, [ids[0].jobId, ids[1].jobId])).toBeOneOf([0, null]);
    // Workers starting (twice: sending is idempotent) take both over: one pg-boss job per row.
    for (let i = 0; i < 2; i++) await (await openTestQueue(db)).close();
    expect(await bossJobCount(db, [ids[0].jobId, ids[1].jobId])).toBeOneOf([2, null]);
    await runWorker(db, { untilIdle: true, workerId: "w-upgraded" });
    expect(await getJob(db, ids[0].jobId)).toMatchObject({ status: "done", attempts: 1 });
    expect(await getJob(db, ids[1].jobId)).toMatchObject({ status: "done", attempts: 2 });
    for (const { bitextId } of ids) expect(await db.auditLog.count({ where: { bitextId, action: "align" } })).toBe(1);
  });

  it("during a rolling upgrade a job a worker of the previous version took from the table stays its own", async () => {
    const { ids } = await alignJobs(1);
    const jobId = ids[0].jobId;
    await (await openTestQueue(db)).close(); // sent to pg-boss (pg-boss) while still queued
    // …and then claimed from the table by a worker that does not know pg-boss.
    await db.job.update({ where: { id: jobId }, data: { status: "running", lockedBy: "old-version-worker", lockedAt: new Date(), attempts: 1 } });
    expect(await queue.claim("w-new")).toBeNull();
    expect(await getJob(db, jobId)).toMatchObject({ status: "running", lockedBy: "old-version-worker" });
    // The old worker dies: once its claim has run out the job is requeued, and runs once.
    await backdateLease(db, jobId);
    expect(await queue.recoverStale()).toBe(1);
    await runWorker(db, { untilIdle: true, workerId: "w-new" });
    expect(await getJob(db, jobId)).toMatchObject({ status: "done", attempts: 2 });
    expect(await db.auditLog.count({ where: { bitextId: ids[0].bitextId, action: "align" } })).toBe(1);
  });

  it("a worker that dies right after storing an alignment: the result is stored once, the next attempt only finishes the job", async () => {
    const { ids } = await alignJobs(1);
    const job = (await queue.claim("w-dies"))!;
    const stored = await alignBitext(db, job.bitextId!, { ownedBy: { jobId: job.id, workerId: job.lockedBy } });
    // The worker dies here, before it marks the job done: its lease runs out.
    await backdateLease(db, job.id);
    expect(await queue.recoverStale()).toBe(1);
    // The dead attempt's claim can store nothing any more.
    await expect(alignBitext(db, job.bitextId!, { ownedBy: { jobId: job.id, workerId: job.lockedBy } })).rejects.toThrow(/no longer this worker's/);
    await makeDue(db, job.id);
    await runWorker(db, { untilIdle: true, workerId: "w-after" });
    const done = await getJob(db, job.id);
    expect(done).toMatchObject({ status: "done", attempts: 2 });
    expect((done!.result as { pairs: number }).pairs).toBe(stored.beads.length);
    expect(await db.auditLog.count({ where: { bitextId: ids[0].bitextId, action: "align" } })).toBe(1);
    expect(await db.alignmentPair.count({ where: { bitextId: ids[0].bitextId } })).toBe(stored.beads.length);
  });

  itWithCorpora("bible", "a long job never looks orphaned to other workers, even while saving blocks its worker", async () => {
    const { jobId } = await bibleJob(2000);
    // Watched from another process, as another worker's stale check would see it.
    const out = path.join(os.tmpdir(), `parallax-observer-${process.pid}-${jobId}.json`);
    const observer = spawn(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "tests/jobs/observer.ts", String(jobId), out], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: temp.url },
      stdio: "ignore",
    });
    const observed = new Promise((r) => observer.on("exit", r));
    await new Promise((r) => setTimeout(r, 1500)); // the observer is up before the job starts
    await runWorker(db, { untilIdle: true, workerId: "w-beat", heartbeatMs: 500, watchMs: 250 });
    await observed;
    const rows = JSON.parse(fs.readFileSync(out, "utf8")) as [number, string, number | null][];
    fs.rmSync(out, { force: true });
    const running = rows.filter(([, status]) => status === "running");
    expect(running.length).toBeGreaterThan(10);
    expect(rows.at(-1)![1]).toBe("done");
    // How stale the claim looked at each observation: never more than a moment (the claim is
    // renewed every 500 ms, with a lease for the stretches where the worker cannot renew it).
    const age = running.map(([at, , lockedAt]) => at - lockedAt!);
    expect(Math.max(...age)).toBeLessThan(2000);
  }, 180_000);
});

describe("cancel, release and retry", () => {
  // A long alignment (thousands of Bible sentences) so there is time to cancel it.
  const longJob = () => bibleJob(6000);

  async function waitForStage(jobId: number, test: (j: NonNullable<Awaited<ReturnType<typeof getJob>>>) => boolean, ms = 60_000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const j = await getJob(db, jobId);
      if (j && test(j)) return j;
      if (Date.now() > deadline) throw new Error(`job ${jobId} never reached the expected state (${j?.status} ${j?.stage})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  itWithCorpora("bible", "cancelling a running alignment stops its thread within seconds and leaves the document pair as it was", async () => {
    const { bitextId, jobId } = await longJob();
    const worker = runWorker(db, { untilIdle: true, workerId: "w-cancel" });
    await waitForStage(jobId, (j) => j.status === "running" && j.progress > 0 && j.progress < 0.9);
    const t0 = Date.now();
    expect(await cancelJob(db, jobId)).toBe(true);
    await worker;
    const stoppedIn = Date.now() - t0;
    expect(stoppedIn).toBeLessThan(5000);
    const job = await getJob(db, jobId);
    expect(job?.status).toBe("cancelled");
    const bitext = await db.bitext.findUniqueOrThrow({ where: { id: bitextId } });
    expect(bitext.status).toBe("pending");
    expect(bitext.statusMessage).toBe("alignment cancelled");
    expect(await db.alignmentPair.count({ where: { bitextId } })).toBe(0);
    expect(await db.auditLog.count({ where: { bitextId, action: "align" } })).toBe(0);
  });

  itWithCorpora("bible", "a stopping worker releases its job (attempt not counted) and another worker runs it", async () => {
    // Long enough that the stop lands well before the alignment is stored.
    const { bitextId, jobId } = await bibleJob(3000);
    const stop = new AbortController();
    const worker = runWorker(db, { workerId: "w-stop", signal: stop.signal, graceMs: 0 });
    await waitForStage(jobId, (j) => j.status === "running" && j.progress > 0);
    stop.abort();
    expect(await worker).toBe(1);
    const released = await getJob(db, jobId);
    expect(released).toMatchObject({ status: "queued", lockedBy: null, attempts: 0 });
    expect((await db.bitext.findUniqueOrThrow({ where: { id: bitextId } })).status).toBe("pending");

    await runWorker(db, { untilIdle: true, workerId: "w-next" });
    const done = await getJob(db, jobId);
    expect(done).toMatchObject({ status: "done", attempts: 1 });
    expect(await db.auditLog.count({ where: { bitextId, action: "align" } })).toBe(1);
  }, 120_000);

  itWithCorpora("bible", "a worker stopping after the alignment is stored finishes the job and hands the checks on, never aligning twice", async () => {
    const { bitextId, jobId } = await bibleJob(1500);
    const stop = new AbortController();
    const worker = runWorker(db, { workerId: "w-late", signal: stop.signal, graceMs: 0 });
    // Stop the moment the pairs are stored: the checks are running or about to.
    const deadline = Date.now() + 60_000;
    while ((await db.alignmentPair.count({ where: { bitextId } })) === 0) {
      if (Date.now() > deadline) throw new Error("the alignment was never stored");
      await new Promise((r) => setTimeout(r, 20));
    }
    stop.abort();
    expect(await worker).toBe(1);
    const done = await getJob(db, jobId);
    expect(done).toMatchObject({ status: "done", attempts: 1 });
    expect((await db.bitext.findUniqueOrThrow({ where: { id: bitextId } })).status).toBe("ready");
    const result = done!.result as { checksJob?: number; checkFlags?: number };
    if (result.checksJob !== undefined) {
      expect(await getJob(db, result.checksJob)).toMatchObject({ type: "checks", bitextId, status: "queued" });
      await runWorker(db, { untilIdle: true, workerId: "w-checks" });
      expect(await getJob(db, result.checksJob)).toMatchObject({ status: "done" });
    } else {
      expect(typeof result.checkFlags).toBe("number");
    }
    expect(await db.auditLog.count({ where: { bitextId, action: "align" } })).toBe(1);
    expect(await db.job.count({ where: { bitextId, type: "align" } })).toBe(1);
  }, 120_000);

  itWithCorpora("bible", "a worker process stopped with SIGTERM gives its job back to the queue and exits cleanly", async () => {
    const { bitextId, jobId } = await bibleJob(2000);
    // How `npm start` and `npm run worker` start it: node with the tsx loader, no wrapper process.
    const child = spawn(process.execPath, ["--import", "tsx", "lib/cli/worker.ts", "--id", "sig", "--grace", "0"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: temp.url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    await waitForStage(jobId, (j) => j.status === "running" && j.progress > 0, 120_000);
    child.kill("SIGTERM");
    expect(await exited, out).toBe(0);
    expect(out).toMatch(/SIGTERM: finishing the current job/);
    expect(out).toMatch(new RegExp(`job ${jobId} released`));
    expect(await getJob(db, jobId)).toMatchObject({ status: "queued", attempts: 0, lockedBy: null });
    expect((await db.bitext.findUniqueOrThrow({ where: { id: bitextId } })).status).toBe("pending");
    await cancelJob(db, jobId); // not needed any more
  }, 180_000);

  it("a failed job is retried as a new job, never while another job works on the same document pair", async () => {
    const { ids } = await alignJobs(1);
    const job = (await queue.claim("w-r"))!;
    await db.job.update({ where: { id: job.id }, data: { attempts: MAX_ATTEMPTS } });
    await queue.fail(job, "the aligner ran out of memory");
    expect((await getJob(db, job.id))?.status).toBe("failed");
    await expect(retryJob(db, ids[0].jobId + 10_000)).rejects.toThrow(/No job/);

    const again = await retryJob(db, job.id);
    expect(again).toMatchObject({ type: "align", bitextId: ids[0].bitextId, status: "queued", attempts: 0 });
    await expect(retryJob(db, job.id)).rejects.toThrow(/already has a job in the queue/);
    await expect(retryJob(db, again.id)).rejects.toThrow(/only failed or cancelled/);
    await runWorker(db, { untilIdle: true, workerId: "w-r2" });
    expect((await getJob(db, again.id))?.status).toBe("done");
    expect((await getJob(db, job.id))?.error).toBe("the aligner ran out of memory");
  });

  it("cancelling a queued job means it never runs", async () => {
    const { ids } = await alignJobs(2);
    expect(await cancelJob(db, ids[0].jobId)).toBe(true);
    expect(await cancelJob(db, ids[0].jobId)).toBe(false);
    expect(await runWorker(db, { untilIdle: true, workerId: "w-q" })).toBe(1);
    expect(await db.auditLog.count({ where: { bitextId: ids[0].bitextId, action: "align" } })).toBe(0);
    expect((await getJob(db, ids[1].jobId))?.status).toBe("done");
  });
});

describe("exports as jobs", () => {
  it("writes the whole project's export, kept inline when small and as a file when large", async () => {
    const { projectId, ids } = await alignJobs(2);
    await runWorker(db, { untilIdle: true, workerId: "w-exp" });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parallax-exports-"));
    try {
      const small = await enqueueJob(db, { type: "export", payload: { projectId, format: "jsonl" } });
      const big = await enqueueJob(db, { type: "export", payload: { projectId, format: "tmx", filter: { includeGaps: true } } });
      await runWorker(db, { untilIdle: true, workerId: "w-exp", exportDir: dir });
      const s = await getJob(db, small.id);
      expect(s?.status).toBe("done");
      expect(s?.result).toMatchObject({ storage: "inline", documentPairs: 2, leftOut: [] });
      const out = await openExportDownload(db, small.id, dir);
      const lines = (out.body as Buffer).toString("utf8").trim().split("\n");
      const pairs = await db.alignmentPair.count({ where: { bitextId: { in: ids.map((i) => i.bitextId) }, score: { not: null } } });
      expect(lines.length).toBeGreaterThan(pairs / 2);
      expect(out.fileName).toMatch(/\.jsonl$/);

      const b = await getJob(db, big.id);
      expect(b?.status, b?.error ?? "").toBe("done");
      // Over the inline limit: the output goes to a file named by the job id, served from there.
      const r = await runExportJob(db, big.id, b!.payload as unknown as ExportJobPayload, { dir, inlineMaxBytes: 100 });
      expect(r.storage).toBe("file");
      expect(r.file).toBe(`${big.id}.tmx`);
      expect(fs.statSync(path.join(dir, r.file!)).size).toBe(r.bytes);
      expect(fs.readdirSync(dir).filter((f) => f.endsWith(".partial"))).toEqual([]);
      await db.job.update({ where: { id: big.id }, data: { result: r as object } });
      const tmx = await openExportDownload(db, big.id, dir);
      expect(Buffer.isBuffer(tmx.body)).toBe(false);
      const text = await streamText(tmx.body as NodeJS.ReadableStream);
      expect(text).toContain("<tmx");
      expect(text.match(/<tu[ >]/g)!.length).toBeGreaterThan(10);
      fs.rmSync(path.join(dir, r.file!));
      await expect(openExportDownload(db, big.id, dir)).rejects.toThrow(/is gone/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function streamText(s: NodeJS.ReadableStream) {
  let out = "";
  for await (const c of s) out += c.toString();
  return out;
}

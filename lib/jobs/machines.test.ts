// Several machines on one PostgreSQL database: two `npm run worker` processes started as a
// machine would start them (only DATABASE_URL in common) share the pg-boss queue. Jobs spread
// over both, none runs twice, and the job of a worker killed outright (SIGKILL, no clean-up)
// is finished by the other once its lease has run out. PostgreSQL only: on SQLite every worker
// must share the machine with the database file.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { createBitext } from "../db/bitexts";
import { enqueueJob, getJob } from "../db/jobs";
import { tempDatabase, testDatabaseKind, type TempDatabase } from "../../tests/db/test-db";
import { readDemoTexts } from "../../seeds/load-demo";
import { corpusPath } from "../../tests/corpora";
import { itWithCorpora } from "../../tests/vitest-corpora";

const root = path.resolve(__dirname, "../..");
/** A short lease, so the killed worker's job is taken over within seconds, not a minute. */
const STALE_MS = 4000;

let temp: TempDatabase;
let db: Db;

beforeAll(() => {
  if (testDatabaseKind !== "postgresql") return;
  temp = tempDatabase("machines");
  db = temp.db;
});
afterAll(() => temp?.close());

interface Machine {
  name: string;
  child: ChildProcess;
  out: () => string;
  exited: Promise<number | null>;
}

/** A worker process as another machine starts it: `npm run worker`'s command, DATABASE_URL only. */
function startWorker(name: string): Machine {
  const child = spawn(process.execPath, ["--import", "tsx", "lib/cli/worker.ts", "--id", name, "--grace", "0"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: temp.url, PARALLAX_JOB_STALE_MS: String(STALE_MS) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return { name, child, out: () => out, exited };
}

async function alignJob(title: string, en: string, zh: string, runAfter: Date) {
  const project = await db.project.create({ data: { name: `machines-${title}-${Math.random().toString(36).slice(2)}` } });
  const b = await createBitext(db, { projectId: project.id, title, en: { text: en }, zh: { text: zh }, mode: "parallel" });
  const job = await enqueueJob(db, { type: "align", bitextId: b.id });
  await db.job.update({ where: { id: job.id }, data: { runAfter } });
  return { bitextId: b.id, jobId: job.id };
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const startedCount = (out: string, jobId: number) => (out.match(new RegExp(`job ${jobId} \\(`, "g")) ?? []).length;

describe.skipIf(testDatabaseKind !== "postgresql")("several machines on one PostgreSQL database", () => {
  itWithCorpora("bible", "two worker processes share the queue; a SIGKILLed worker's job finishes on the other, nothing runs twice", async () => {
    const demo = readDemoTexts();
    const lines = (f: string, n: number) => fs.readFileSync(corpusPath("bible", f), "utf8").split("\n").slice(0, n).join("\n");
    // Due together a few seconds from now, so both workers are up before the first is taken.
    const due = new Date(Date.now() + 6000);
    const jobs: { bitextId: number; jobId: number }[] = [];
    for (let i = 0; i < 6; i++) jobs.push(await alignJob(`short ${i}`, demo.en, demo.zh, due));
    const long = await alignJob("long", lines("006.en", 1000), lines("006.zh", 1420), due);
    jobs.push(long);
    for (let i = 6; i < 10; i++) jobs.push(await alignJob(`short ${i}`, demo.en, demo.zh, due));

    const machines = [startWorker("A"), startWorker("B")];
    try {
      // Kill whichever worker runs the long job, in the middle of it.
      const owner = await waitFor(
        "the long job to run",
        async () => {
          const j = await getJob(db, long.jobId);
          return j?.status === "running" && j.progress > 0 && j.progress < 0.6 && j.lockedBy;
        },
        150_000,
      );
      const victim = machines.find((m) => owner.startsWith(`${m.name}@`))!;
      const survivor = machines.find((m) => m !== victim)!;
      victim.child.kill("SIGKILL");
      await victim.exited;

      await waitFor(
        "every job to finish",
        async () => (await db.job.count({ where: { id: { in: jobs.map((j) => j.jobId) }, status: { not: "done" } } })) === 0,
        180_000,
      );
      survivor.child.kill("SIGTERM");
      expect(await survivor.exited, survivor.out()).toBe(0);

      // The long job: started on both, finished by the survivor on its second attempt.
      expect(await getJob(db, long.jobId)).toMatchObject({ status: "done", attempts: 2 });
      expect(survivor.out()).toMatch(new RegExp(`job ${long.jobId} done`));
      expect(startedCount(victim.out(), long.jobId) + startedCount(survivor.out(), long.jobId)).toBe(2);
      // Every other job ran once, on one of the two; both workers took part.
      for (const j of jobs.filter((j) => j !== long)) {
        expect(startedCount(victim.out(), j.jobId) + startedCount(survivor.out(), j.jobId), `job ${j.jobId}`).toBe(1);
        expect((await getJob(db, j.jobId))?.attempts).toBe(1);
      }
      const ran = (m: Machine) => (m.out().match(/job \d+ \(/g) ?? []).length;
      expect(ran(victim), victim.out()).toBeGreaterThan(0);
      expect(ran(survivor), survivor.out()).toBeGreaterThan(1);
      expect(victim.out()).toMatch(/queue: pg-boss/);
      // Every document pair aligned exactly once (the killed attempt stored nothing).
      const aligns = await db.auditLog.groupBy({ by: ["bitextId"], where: { action: "align", bitextId: { in: jobs.map((j) => j.bitextId) } }, _count: { _all: true } });
      expect(aligns).toHaveLength(jobs.length);
      expect(aligns.every((a) => a._count._all === 1)).toBe(true);
    } finally {
      for (const m of machines) if (m.child.exitCode === null && m.child.signalCode === null) m.child.kill("SIGKILL");
    }
  }, 420_000);
});

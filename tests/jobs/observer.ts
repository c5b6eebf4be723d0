// Test helper (not a test): watches one job from ANOTHER process — as a second worker would
// see it — and records its claim every 50 ms, so a test can check that a long job never looked
// orphaned even while its own worker's event loop was busy (the worker's process cannot
// observe itself then). Usage: tsx tests/jobs/observer.ts JOB_ID OUT_FILE (DATABASE_URL set).
import fs from "node:fs";
import { createDb } from "../../lib/db/client";

async function main() {
  const [jobId, out] = [Number(process.argv[2]), process.argv[3]];
  const db = createDb();
  const rows: [number, string, number | null][] = [];
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const j = await db.job.findUnique({ where: { id: jobId }, select: { status: true, lockedAt: true } });
    rows.push([Date.now(), j?.status ?? "missing", j?.lockedAt?.getTime() ?? null]);
    if (!j || ["done", "failed", "cancelled"].includes(j.status) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  fs.writeFileSync(out, JSON.stringify(rows));
  await db.$disconnect();
}

void main();

// The "other app instance" of concurrency.test.ts: a separate process with its own database
// connection. It reads its orders (JSON on argv), connects, says "ready", waits for "go" on
// stdin, runs the review changes all at once and prints their outcomes as JSON.
import readline from "node:readline";
import { createDb } from "../../lib/db/client";
import { addFlag, mergeWithNext, setPairStatus, splitPair, VersionConflictError } from "../../lib/db/review";

export type PeerOp =
  | { op: "status"; pairId: number; version: number }
  | { op: "flag"; pairId: number; version: number; note: string }
  | { op: "merge"; pairId: number; versions: Record<number, number> }
  | { op: "split"; pairId: number; version: number };

async function main() {
  const [url, actorJson, opsJson] = process.argv.slice(2);
  const actor = JSON.parse(actorJson) as { id: number; name: string };
  const ops = JSON.parse(opsJson) as PeerOp[];
  const db = createDb(url);
  await db.alignmentPair.count(); // connect before the start signal
  process.stdout.write("ready\n");
  const rl = readline.createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => rl.once("line", () => resolve()));
  const results = await Promise.all(
    ops.map((o) => {
      const run =
        o.op === "status"
          ? setPairStatus(db, actor, { pairId: o.pairId, status: "confirmed", expectedVersion: o.version })
          : o.op === "flag"
            ? addFlag(db, actor, { pairId: o.pairId, category: "omission", severity: "minor", note: o.note, expectedVersion: o.version })
            : o.op === "merge"
              ? mergeWithNext(db, actor, { pairId: o.pairId, expectedVersions: o.versions })
              : splitPair(db, actor, { pairId: o.pairId, en: 1, zh: 1, expectedVersion: o.version });
      return run.then(
        () => "ok",
        (err) => (err instanceof VersionConflictError ? "conflict" : `error: ${(err as Error).message}`),
      );
    }),
  );
  process.stdout.write(JSON.stringify(results) + "\n");
  rl.close();
  await db.$disconnect();
}

main().catch((err) => {
  process.stderr.write(`peer failed: ${(err as Error).stack}\n`);
  process.exit(1);
});

// Two app instances on one database, for real: this test process and a peer process
// (concurrency-peer.ts), each with its own connection, send review changes at the same moment.
// Each change either succeeds or fails with a version conflict — never with a database error
// (busy, deadlock, timeout) — and every acknowledged change is stored exactly once.
// Runs on SQLite and, in the PostgreSQL pass, on PostgreSQL.
import { spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../client";
import { PROJECT_ROOT } from "../config";
import { addFlag, checkBitextInvariants, mergeWithNext, setPairStatus, VersionConflictError } from "../review";
import type { PeerOp } from "../../../tests/review/concurrency-peer";
import { freshEnv, type TestEnv } from "../../../tests/review/helpers";

let env: TestEnv;

beforeAll(async () => {
  env = await freshEnv();
});

afterAll(async () => {
  await env?.close();
});

async function pairsInOrder(db: Db, bitextId: number) {
  return db.alignmentPair.findMany({ where: { bitextId }, orderBy: { position: "asc" }, select: { id: true, version: true } });
}

function outcome(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => "ok",
    (err) => (err instanceof VersionConflictError ? "conflict" : `error: ${(err as Error).message}`),
  );
}

/** Starts the peer, waits until it is connected, then runs `local` and the peer's ops together. */
async function together(peerOps: PeerOp[], local: () => Promise<string[]>): Promise<{ mine: string[]; peer: string[] }> {
  const child = spawn(
    process.execPath,
    [path.join(PROJECT_ROOT, "node_modules", "tsx", "dist", "cli.mjs"), path.join(PROJECT_ROOT, "tests", "review", "concurrency-peer.ts"), env.url, JSON.stringify(env.bob), JSON.stringify(peerOps)],
    { cwd: PROJECT_ROOT, stdio: ["pipe", "pipe", "inherit"] },
  );
  const exited = new Promise((r) => child.once("exit", r));
  const lines = readline.createInterface({ input: child.stdout! });
  const it = lines[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.value !== "ready") throw new Error(`peer said ${first.value}`);
  child.stdin!.write("go\n");
  const [mine, answer] = await Promise.all([local(), it.next()]);
  child.stdin!.end();
  await exited;
  return { mine, peer: JSON.parse(answer.value as string) as string[] };
}

describe("concurrent review changes from two processes", () => {
  it("two status changes of one pair from the same version: exactly one wins, the other gets a version conflict", async () => {
    const pairs = (await pairsInOrder(env.db, env.bitextId)).slice(0, 6);
    const { mine, peer } = await together(
      pairs.map((p) => ({ op: "status", pairId: p.id, version: p.version })),
      () => Promise.all(pairs.map((p) => outcome(setPairStatus(env.db, env.alice, { pairId: p.id, status: "flagged", expectedVersion: p.version })))),
    );
    for (let i = 0; i < pairs.length; i++) {
      expect([mine[i], peer[i]].sort(), `pair ${pairs[i].id}`).toEqual(["conflict", "ok"]);
      const after = await env.db.alignmentPair.findUniqueOrThrow({ where: { id: pairs[i].id } });
      expect(after.version).toBe(pairs[i].version + 1);
      // Exactly the winner's change is stored.
      expect(after.status).toBe(mine[i] === "ok" ? "flagged" : "confirmed");
    }
  });

  it("a flag and a confirmation of one pair from the same version collide with nothing: both are stored", async () => {
    const pairs = (await pairsInOrder(env.db, env.bitextId)).slice(6, 12);
    const { mine, peer } = await together(
      pairs.map((p) => ({ op: "flag", pairId: p.id, version: p.version, note: `both ${p.id}` })),
      () => Promise.all(pairs.map((p) => outcome(setPairStatus(env.db, env.alice, { pairId: p.id, status: "confirmed", expectedVersion: p.version })))),
    );
    expect([...mine, ...peer].every((x) => x === "ok"), JSON.stringify({ mine, peer })).toBe(true);
    for (const p of pairs) {
      const after = await env.db.alignmentPair.findUniqueOrThrow({ where: { id: p.id } });
      expect(after.version).toBe(p.version + 2);
      expect(await env.db.flag.count({ where: { pairId: p.id, note: `both ${p.id}` } })).toBe(1);
      expect(await env.db.auditLog.count({ where: { entityType: "pair", entityId: p.id, action: "status" } })).toBe(1);
    }
    expect(await checkBitextInvariants(env.db, env.bitextId)).toEqual([]);
  });

  it("independent flags and structural edits at once: all stored once, invariants hold", async () => {
    const pairs = await pairsInOrder(env.db, env.bitextId);
    const mineTargets = pairs.slice(10, 22);
    const peerTargets = pairs.slice(22, 34);
    const [a, b] = [pairs[7], pairs[8]];
    const [c, d] = [pairs[pairs.length - 6], pairs[pairs.length - 5]];
    const { mine, peer } = await together(
      [
        ...peerTargets.map((p): PeerOp => ({ op: "flag", pairId: p.id, version: p.version, note: `independent ${p.id}` })),
        { op: "merge", pairId: c.id, versions: { [c.id]: c.version, [d.id]: d.version } },
      ],
      () =>
        Promise.all([
          ...mineTargets.map((p) =>
            outcome(addFlag(env.db, env.alice, { pairId: p.id, category: "mistranslation", severity: "major", note: `independent ${p.id}`, expectedVersion: p.version })),
          ),
          // Both merges renumber later pairs: they must queue, not interleave or deadlock.
          outcome(mergeWithNext(env.db, env.alice, { pairId: a.id, expectedVersions: { [a.id]: a.version, [b.id]: b.version } })),
        ]),
    );
    expect(mine.every((r) => r === "ok"), mine.join(", ")).toBe(true);
    expect(peer.every((r) => r === "ok"), peer.join(", ")).toBe(true);
    for (const p of [...mineTargets, ...peerTargets]) {
      expect(await env.db.flag.count({ where: { pairId: p.id, note: `independent ${p.id}` } })).toBe(1);
    }
    expect(await env.db.alignmentPair.count({ where: { bitextId: env.bitextId } })).toBe(pairs.length - 2);
    expect(await env.db.auditLog.count({ where: { bitextId: env.bitextId, action: "merge" } })).toBe(2);
    expect(await checkBitextInvariants(env.db, env.bitextId)).toEqual([]);
  });
});

// Two app instances on different ports sharing one database (PostgreSQL in the PostgreSQL pass,
// the SQLite file otherwise): edits sent to both at the same time stay consistent — a conflicting
// pair of edits gives exactly one winner and one 409 naming the conflict, independent edits are
// all stored exactly once, and both instances read back the same state.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";

const root = path.resolve(__dirname, "..");
let second: ChildProcess | null = null;
let secondUrl = "";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const databaseUrl = process.env.PARALLAX_E2E_DATABASE_URL;
  if (!databaseUrl) throw new Error("global-setup did not publish the database URL");
  const port = await freePort();
  secondUrl = `http://127.0.0.1:${port}`;
  // The same start script as the first instance: migrations are already applied, the demo is
  // there and the build is current, so it only serves (and runs a second job worker).
  second = spawn(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "lib/cli/start.ts"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: databaseUrl },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const deadline = Date.now() + 200_000;
  for (;;) {
    if (second.exitCode !== null) throw new Error("the second instance exited before it was ready");
    try {
      const res = await fetch(`${secondUrl}/sign-in`, { redirect: "manual" });
      if (res.status < 500) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error("the second instance did not start in time");
    await new Promise((r) => setTimeout(r, 500));
  }
});

test.afterAll(() => {
  if (second?.pid && second.exitCode === null) {
    try {
      process.kill(-second.pid, "SIGTERM");
    } catch {
      /* gone */
    }
  }
});

async function detail(api: APIRequestContext, pairId: number) {
  const res = await api.get(`/api/pairs/${pairId}`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as { version: number; status: string; flags: { id: number; note: string }[] };
}

function op(api: APIRequestContext, pairId: number, body: object) {
  return api.post(`/api/pairs/${pairId}`, { data: body });
}

test("edits sent to two instances at once are consistent: one winner per conflict, nothing lost", async ({ request, playwright }) => {
  const first = request;
  const other = await playwright.request.newContext({ baseURL: secondUrl, storageState: await first.storageState() });

  // The demo document pair (loaded first, so the first one) as both instances see it.
  const index1 = await (await first.get("/api/bitexts/1/pairs")).json();
  const index2 = await (await other.get("/api/bitexts/1/pairs")).json();
  expect(index2.order).toEqual(index1.order);
  const order: number[] = index1.order;
  expect(order.length).toBeGreaterThan(30);

  // Conflicts: both instances change the same pair's status from the same version at the same moment.
  const conflicted = order.slice(2, 8);
  for (const pairId of conflicted) {
    const { version } = await detail(first, pairId);
    const [a, b] = await Promise.all([
      op(first, pairId, { op: "status", status: "confirmed", expectedVersion: version }),
      op(other, pairId, { op: "status", status: "flagged", expectedVersion: version }),
    ]);
    const statuses = [a.status(), b.status()].sort();
    expect(statuses, `pair ${pairId}: ${await a.text()} | ${await b.text()}`).toEqual([200, 409]);
    const loser = a.status() === 409 ? a : b;
    expect((await loser.json()).error).toMatch(/changed|version|meanwhile|reload/i);
    // Exactly the winner's change is stored, seen alike from both instances.
    const [d1, d2] = [await detail(first, pairId), await detail(other, pairId)];
    expect(d2.version).toBe(d1.version);
    expect(d1.version).toBe(version + 1);
    expect(d1.status).toBe(a.status() === 200 ? "confirmed" : "flagged");
  }

  // Changes that do not collide (a confirmation and a flag of one pair) are both stored.
  for (const pairId of order.slice(8, 10)) {
    const { version } = await detail(first, pairId);
    const [a, b] = await Promise.all([
      op(first, pairId, { op: "status", status: "confirmed", expectedVersion: version }),
      op(other, pairId, { op: "flag.add", category: "mistranslation", severity: "minor", note: `both ${pairId}`, expectedVersion: version }),
    ]);
    expect([a.status(), b.status()], `${await a.text()} | ${await b.text()}`).toEqual([200, 200]);
    const d = await detail(other, pairId);
    expect(d.version).toBe(version + 2);
    expect(d.flags.filter((f) => f.note === `both ${pairId}`)).toHaveLength(1);
  }

  // Independent edits spread over both instances, all at once: every one is stored exactly once.
  const targets = order.slice(10, 34);
  const notes = new Map<number, string>();
  const responses = await Promise.all(
    targets.map(async (pairId, i) => {
      const api = i % 2 ? other : first;
      const { version } = await detail(api, pairId);
      const note = `two-instances ${pairId} ${i}`;
      notes.set(pairId, note);
      return op(api, pairId, { op: "flag.add", category: "omission", severity: "major", note, expectedVersion: version });
    }),
  );
  for (const r of responses) expect(r.status(), await r.text()).toBe(200);
  for (const pairId of targets) {
    for (const api of [first, other]) {
      const d = await detail(api, pairId);
      expect(d.flags.filter((f) => f.note === notes.get(pairId))).toHaveLength(1);
    }
  }
  await other.dispose();
});

// Statements outside a transaction never run inside another request's open transaction
// (lib/db/sqlite/serial.ts): on SQLite's single connection they used to read its uncommitted
// rows and be rolled back with it. Same expectations on PostgreSQL, where each has its own
// connection.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { tempDatabase, testDatabaseKind, type TempDatabase } from "../../../tests/db/test-db";

let temp: TempDatabase;

beforeAll(() => {
  temp = tempDatabase("sqlite-serial");
});

afterAll(async () => {
  await temp?.close();
});

/** A transaction that changes a user's name, waits for `gate`, then fails (rolls back). */
function failingTransaction(userId: number, gate: Promise<void>) {
  return temp.db
    .$transaction(async (tx) => {
      await tx.user.update({ where: { id: userId }, data: { name: "uncommitted" } });
      await gate;
      throw new Error("conflict: rolled back");
    })
    .catch((err: Error) => err.message);
}

describe("statements outside a transaction", () => {
  it("do not read an open transaction's uncommitted changes", async () => {
    const db = temp.db;
    const user = await db.user.create({ data: { email: "reader@serial.test", name: "committed" } });
    let open!: () => void;
    const tx = failingTransaction(user.id, new Promise((r) => (open = r)));
    await new Promise((r) => setTimeout(r, 30));
    // Prisma queries start when awaited or then()-ed: then() sends it now, during the transaction
    const read = db.user.findUniqueOrThrow({ where: { id: user.id } }).then((u) => u.name);
    setTimeout(open, 30);
    expect(await tx).toBe("conflict: rolled back");
    expect(await read).toBe("committed");
  });

  it("are not rolled back with another request's transaction", async () => {
    const db = temp.db;
    const user = await db.user.create({ data: { email: "victim@serial.test", name: "committed" } });
    let open!: () => void;
    const tx = failingTransaction(user.id, new Promise((r) => (open = r)));
    await new Promise((r) => setTimeout(r, 30));
    // an unrelated, acknowledged write made while the other transaction is open
    const written = db.setting.create({ data: { key: "serial.test", value: "kept" } }).then((row) => row.value);
    setTimeout(open, 30);
    expect(await tx).toBe("conflict: rolled back");
    expect(await written).toBe("kept");
    expect(await db.setting.findUnique({ where: { key: "serial.test" } })).toMatchObject({ value: "kept" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("committed");
  });

  it("wait for an open transaction to commit, then apply", async () => {
    const db = temp.db;
    const user = await db.user.create({ data: { email: "order@serial.test", name: "v0" } });
    let opened!: () => void;
    const isOpen = new Promise<void>((r) => (opened = r));
    const tx = db.$transaction(async (t) => {
      await t.user.update({ where: { id: user.id }, data: { name: "v1" } });
      opened();
      await new Promise((r) => setTimeout(r, 30));
      return (await t.user.findUniqueOrThrow({ where: { id: user.id } })).name;
    });
    await isOpen;
    // issued while the transaction is open: applied after its commit, not inside it
    const later = db.user.update({ where: { id: user.id }, data: { name: "v2" } }).then((u) => u.name);
    expect(await tx).toBe("v1");
    expect(await later).toBe("v2");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("v2");
  });
});

describe.runIf(testDatabaseKind === "sqlite")("a transaction waiting for another process's write lock", () => {
  it("waits without stopping this process: its reads and timers go on, and it commits once the lock is free", async () => {
    const db = temp.db;
    const user = await db.user.create({ data: { email: "waiter@serial.test", name: "before" } });
    // Another process's connection, as the job worker or a second web process would hold it.
    const other = new Database(temp.url.replace(/^file:/, ""));
    other.prepare("BEGIN IMMEDIATE").run();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      const write = db.$transaction((tx) => tx.user.update({ where: { id: user.id }, data: { name: "after" } }));
      const t0 = Date.now();
      // A read during the wait is answered at once, from committed data.
      expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("before");
      expect(Date.now() - t0).toBeLessThan(200);
      await new Promise((r) => setTimeout(r, 300));
      expect(ticks).toBeGreaterThan(20); // the event loop was never blocked by the busy wait
      other.prepare("COMMIT").run();
      await write;
      expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("after");
    } finally {
      clearInterval(timer);
      if (other.inTransaction) other.prepare("ROLLBACK").run();
      other.close();
    }
  });
});

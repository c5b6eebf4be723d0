// The SQLite machinery in this folder patches @prisma/adapter-better-sqlite3 from outside: it
// rewrites the adapter's "BEGIN", reuses the statements the adapter prepares, wraps its
// transactions. None of that is public API. These tests pin what the patches rely on, so that a
// Prisma upgrade that changes it fails here, loudly and by name, instead of silently losing the
// write lock discipline (and with it acknowledged writes) under load.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { sqliteAdapter } from ".";
import { TRY_BEGIN } from "./serial";

/** The adapter release these patches were written against and checked with. */
const PATCHED_FOR = "6.19.";
const root = path.resolve(__dirname, "..", "..", "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parallax-adapter-contract-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshFile = () => path.join(dir, `db-${++files}.sqlite`);

type Recorded = { client: { prepare: (sql: string) => unknown; pragma?: unknown; exec?: unknown }; sql: string[] };
/** Connects the plain adapter and records every SQL text its connection is asked to prepare. */
async function recordingAdapter(file: string) {
  const adapter = await new PrismaBetterSQLite3({ url: `file:${file}` }).connect();
  const client = (adapter as unknown as Recorded).client;
  const sql: string[] = [];
  const prepare = client.prepare.bind(client);
  client.prepare = (s: string) => {
    sql.push(s);
    return prepare(s);
  };
  return { adapter, client, sql };
}
const query = (sql: string) => ({ sql, args: [], argTypes: [] }) as never;

/** True when another connection can take the write lock right now. */
function writeLockFree(file: string): boolean {
  const other = new Database(file, { timeout: 0 });
  try {
    other.prepare("BEGIN IMMEDIATE").run();
    other.prepare("ROLLBACK").run();
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === "SQLITE_BUSY") return false;
    throw err;
  } finally {
    other.close();
  }
}

describe("the pinned SQLite adapter (what lib/db/sqlite patches)", () => {
  it(`is the ${PATCHED_FOR}x release, pinned exactly in package.json`, () => {
    const installed = JSON.parse(fs.readFileSync(path.join(root, "node_modules/@prisma/adapter-better-sqlite3/package.json"), "utf8")).version as string;
    const pinned = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).dependencies["@prisma/adapter-better-sqlite3"] as string;
    const why = `lib/db/sqlite patches @prisma/adapter-better-sqlite3 ${PATCHED_FOR}x internals; re-check immediate.ts, statements.ts and serial.ts against ${installed}, then update PATCHED_FOR`;
    expect(pinned, why).toBe(installed);
    expect(installed.startsWith(PATCHED_FOR), why).toBe(true);
  });

  it("keeps its better-sqlite3 connection on `client`, with prepare() and pragma()", async () => {
    const { adapter, client } = await recordingAdapter(freshFile());
    expect(typeof client.prepare, "adapter.client.prepare (immediate.ts, statements.ts)").toBe("function");
    expect(typeof client.pragma, "adapter.client.pragma (immediate.ts sets busy_timeout)").toBe("function");
    await adapter.dispose();
  });

  it('opens a transaction with the literal statement "BEGIN" through client.prepare (rewritten to BEGIN IMMEDIATE)', async () => {
    const { adapter, sql } = await recordingAdapter(freshFile());
    const tx = await adapter.startTransaction();
    expect(sql, "immediate.ts looks for prepare(\"BEGIN\")").toEqual(["BEGIN"]);
    await tx.executeRaw(query("COMMIT"));
    await tx.commit();
    await adapter.dispose();
  });

  it("runs parameterised queries as prepare(sql).bind(args) then reader / columns() / raw().all() or run()", async () => {
    const { adapter, client } = await recordingAdapter(freshFile());
    const prepare = client.prepare;
    const used = new Set<string>();
    client.prepare = (s: string) => {
      const stmt = prepare(s) as Record<string, unknown>;
      const proxy: Record<string, unknown> = new Proxy(stmt, {
        get(target, key) {
          used.add(String(key));
          const v = target[key as string];
          if (typeof v !== "function") return v;
          // bind() and raw() return the statement itself: keep watching it.
          return (...args: unknown[]) => {
            const out = (v as (...a: unknown[]) => unknown).apply(target, args);
            return out === target ? proxy : out;
          };
        },
      });
      return proxy;
    };
    await adapter.executeRaw(query("CREATE TABLE t (x INTEGER)"));
    await adapter.queryRaw(query("SELECT x FROM t"));
    // statements.ts hands the adapter light statements with exactly these members.
    for (const member of ["bind", "run", "reader", "columns", "raw", "all"]) expect(used, `statement.${member}`).toContain(member);
    await adapter.dispose();
  });
});

describe("sqliteAdapter (the patched adapter the app uses)", () => {
  it("takes the write lock when a transaction begins, before any write, and gives it back at commit", async () => {
    const file = freshFile();
    const adapter = await sqliteAdapter(file).connect();
    await adapter.executeRaw(query("CREATE TABLE t (x INTEGER)"));
    expect(writeLockFree(file)).toBe(true);
    const tx = await adapter.startTransaction();
    await tx.queryRaw(query("SELECT x FROM t"));
    expect(writeLockFree(file), "BEGIN was not turned into BEGIN IMMEDIATE").toBe(false);
    await tx.executeRaw(query("COMMIT"));
    await tx.commit();
    expect(writeLockFree(file)).toBe(true);
    await adapter.dispose();
  });

  it("turns the adapter's own BEGIN into BEGIN IMMEDIATE (without serial.ts's TRY_BEGIN)", async () => {
    const file = freshFile();
    const { immediateTransactions } = await import("./immediate");
    const adapter = await immediateTransactions(new PrismaBetterSQLite3({ url: `file:${file}` })).connect();
    await adapter.executeRaw(query("CREATE TABLE t (x INTEGER)"));
    const tx = await adapter.startTransaction();
    await tx.queryRaw(query("SELECT x FROM t"));
    expect(writeLockFree(file), "BEGIN was not turned into BEGIN IMMEDIATE").toBe(false);
    await tx.executeRaw(query("COMMIT"));
    await tx.commit();
    await adapter.dispose();
  });

  it("can try to begin without waiting (TRY_BEGIN) and still answers reads while another process writes", async () => {
    const file = freshFile();
    const adapter = await sqliteAdapter(file).connect();
    await adapter.executeRaw(query("CREATE TABLE t (x INTEGER)"));
    expect(typeof (adapter as unknown as Record<symbol, unknown>)[TRY_BEGIN], "serial.ts finds TRY_BEGIN through the wrapper").toBe("function");
    const other = new Database(file);
    other.prepare("BEGIN IMMEDIATE").run();
    const started = Date.now();
    const pending = adapter.startTransaction();
    const read = await adapter.queryRaw(query("SELECT count(*) AS n FROM t"));
    expect(read.rows.map((r) => Number(r[0]))).toEqual([0]);
    expect(Date.now() - started, "a read waited for the other process's write lock").toBeLessThan(1_000);
    other.prepare("ROLLBACK").run();
    other.close();
    const tx = await pending;
    await tx.executeRaw(query("COMMIT"));
    await tx.commit();
    await adapter.dispose();
  });

  it("reuses a prepared statement for a repeated SQL text", async () => {
    const file = freshFile();
    const factory = new PrismaBetterSQLite3({ url: `file:${file}` });
    const connect = factory.connect.bind(factory);
    let prepared = 0;
    factory.connect = async () => {
      const adapter = await connect();
      const client = (adapter as unknown as Recorded).client;
      const prepare = client.prepare.bind(client);
      client.prepare = (s: string) => {
        if (s.startsWith("SELECT 1")) prepared++;
        return prepare(s);
      };
      return adapter;
    };
    const { immediateTransactions } = await import("./immediate");
    const adapter = await immediateTransactions(factory).connect();
    for (let i = 0; i < 5; i++) await adapter.queryRaw(query("SELECT 1 AS one"));
    expect(prepared).toBe(1);
    await adapter.dispose();
  });
});

// SQLite through better-sqlite3 is one connection per process. Prisma's adapter runs an
// interactive transaction on that connection (BEGIN … COMMIT around the callback's queries)
// and makes other transactions wait for it, but not the queries made outside a transaction:
// those run on the same connection, so inside whichever transaction is open at that moment.
// They read its uncommitted changes (a pair half-way through a merge), and when it rolls back
// (a version conflict) they are rolled back with it: an awaited, acknowledged write is lost.
// This wraps the adapter so that every statement outside a transaction waits until no
// transaction is open, and a transaction waits for those before it: on one connection, one
// thing at a time, in arrival order.
//
// A consequence, as for nested $transaction calls already: code inside a transaction callback
// must use the transaction client, never the outer one (it would wait for itself).
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

type Factory = PrismaBetterSQLite3;
type Adapter = Awaited<ReturnType<Factory["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

/**
 * A first-in first-out lock; acquire() resolves to the function that releases it (once).
 * `urgent` waiters go before the others: a transaction that already has its turn at the write
 * lock across processes (WriteGate) must not then queue behind this process's reads.
 */
class Lock {
  private held = false;
  private readonly waiting: (() => void)[] = [];

  acquire(urgent = false): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = () => {
        this.held = true;
        let done = false;
        resolve(() => {
          if (done) return;
          done = true;
          this.held = false;
          this.waiting.shift()?.();
        });
      };
      if (!this.held) grant();
      else if (urgent) this.waiting.unshift(grant);
      else this.waiting.push(grant);
    });
  }
}

async function exclusive<T>(lock: Lock, run: () => Promise<T>): Promise<T> {
  const release = await lock.acquire();
  try {
    return await run();
  } finally {
    release();
  }
}

/**
 * An adapter may carry this: a function that tries to open the transaction (BEGIN IMMEDIATE)
 * at once and returns false when another process holds the write lock. Waiting then happens
 * here, asynchronously, instead of in SQLite's busy handler, which sleeps inside the call and
 * so stops the whole process (every other request included) for as long as it waits.
 */
export const TRY_BEGIN = Symbol("parallax.sqlite.tryBegin");

/**
 * Fair turns at the write lock for the processes of one web server. SQLite's lock is not fair:
 * the process that just committed usually takes it again before a waiting process polls, and
 * under load some writes of the other process waited for seconds. The server's primary process
 * hands out turns in arrival order (lib/server/serve.ts installs this gate in each web process);
 * the lock itself still guards against every other process (the job worker, the CLI).
 * Kept on globalThis: the app's bundle has its own copy of this module.
 */
export interface WriteGate {
  /** resolves when it is this transaction's turn, to the function that ends the turn */
  enter(): Promise<() => void>;
}
const GATE = Symbol.for("parallax.sqlite.writeGate");
export function setWriteGate(gate: WriteGate | null) {
  (globalThis as Record<symbol, unknown>)[GATE] = gate ?? undefined;
}
function writeGate(): WriteGate | undefined {
  return (globalThis as Record<symbol, WriteGate | undefined>)[GATE];
}
const WRITE_LOCK_WAIT_MS = 10_000;

// PARALLAX_SQL_PROFILE=1: how long transactions held the write lock, printed at exit.
const holds: number[] | null = process.env.PARALLAX_SQL_PROFILE === "1" ? [] : null;
if (holds) {
  process.once("exit", () => {
    if (!holds.length) return;
    const sorted = [...holds].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1);
    const mean = holds.reduce((a, b) => a + b, 0) / holds.length;
    console.error(`[sql-profile] ${holds.length} transactions held the write lock: mean ${mean.toFixed(1)} ms, p50 ${at(0.5)}, p95 ${at(0.95)}, max ${at(1)} (pid ${process.pid})`);
  });
}

function serialize(adapter: Adapter): Adapter {
  const lock = new Lock();
  const wrapped: Adapter = Object.create(adapter);
  wrapped.queryRaw = (query) => exclusive(lock, () => adapter.queryRaw(query));
  wrapped.executeRaw = (query) => exclusive(lock, () => adapter.executeRaw(query));
  wrapped.executeScript = (script) => exclusive(lock, () => adapter.executeScript(script));
  const tryBegin = (adapter as Adapter & { [TRY_BEGIN]?: () => boolean })[TRY_BEGIN];
  wrapped.startTransaction = async (isolationLevel) => {
    // Across the web processes of one server: their turn first (FIFO), see WriteGate.
    const gate = writeGate();
    const leave = gate ? await gate.enter() : () => {};
    let releaseLocal: () => void;
    try {
      releaseLocal = await lock.acquire(gate !== undefined);
    } catch (err) {
      leave();
      throw err;
    }
    const release = () => {
      releaseLocal();
      leave();
    };
    if (tryBegin) {
      // Another process holds the write lock: wait for it here, without holding this
      // process's connection, so that its reads go on meanwhile.
      const deadline = Date.now() + WRITE_LOCK_WAIT_MS;
      const began = () => {
        try {
          return tryBegin();
        } catch (err) {
          release();
          throw err;
        }
      };
      for (let attempt = 0; !began(); attempt++) {
        releaseLocal();
        if (Date.now() > deadline) {
          leave();
          throw new Error(`The database stayed locked by another process for ${WRITE_LOCK_WAIT_MS / 1000} s; try again`);
        }
        await new Promise((r) => setTimeout(r, Math.min(8, 1 + attempt) * (0.5 + Math.random())));
        releaseLocal = await lock.acquire(gate !== undefined);
      }
    }
    let tx: Transaction;
    try {
      tx = await adapter.startTransaction(isolationLevel);
    } catch (err) {
      release();
      throw err;
    }
    // Prisma sends COMMIT / ROLLBACK through the transaction, then calls commit() / rollback().
    const end: Transaction = Object.create(tx);
    const opened = performance.now();
    const close = () => {
      holds?.push(performance.now() - opened);
      release();
    };
    end.commit = () => tx.commit().finally(close);
    end.rollback = () => tx.rollback().finally(close);
    return end;
  };
  return wrapped;
}

/** The adapter factory with statements outside transactions serialized against them. */
export function serializedSqlite(factory: Factory): Factory {
  const wrapped: Factory = Object.create(factory);
  wrapped.connect = async () => serialize(await factory.connect());
  wrapped.connectToShadowDb = async () => serialize(await factory.connectToShadowDb());
  return wrapped;
}

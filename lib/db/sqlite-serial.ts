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

/** A first-in first-out lock; acquire() resolves to the function that releases it (once). */
class Lock {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let open!: () => void;
    const released = new Promise<void>((resolve) => (open = resolve));
    const before = this.tail;
    this.tail = before.then(() => released);
    let done = false;
    return before.then(() => () => {
      if (done) return;
      done = true;
      open();
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

function serialize(adapter: Adapter): Adapter {
  const lock = new Lock();
  const wrapped: Adapter = Object.create(adapter);
  wrapped.queryRaw = (query) => exclusive(lock, () => adapter.queryRaw(query));
  wrapped.executeRaw = (query) => exclusive(lock, () => adapter.executeRaw(query));
  wrapped.executeScript = (script) => exclusive(lock, () => adapter.executeScript(script));
  wrapped.startTransaction = async (isolationLevel) => {
    const release = await lock.acquire();
    let tx: Transaction;
    try {
      tx = await adapter.startTransaction(isolationLevel);
    } catch (err) {
      release();
      throw err;
    }
    // Prisma sends COMMIT / ROLLBACK through the transaction, then calls commit() / rollback().
    const end: Transaction = Object.create(tx);
    end.commit = () => tx.commit().finally(release);
    end.rollback = () => tx.rollback().finally(release);
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

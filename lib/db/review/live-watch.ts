// The newest audit row of each document pair, as this process knows it. On PostgreSQL one
// connection per process LISTENs on "parallax_audit" (a trigger announces every audit row when
// its transaction commits, see the PostgreSQL migration review_concerns_presence), so a review
// page asking "anything new since N?" is answered from memory. On SQLite there is no such
// channel: the caller reads the audit log from N on (an index range, cheap).
import pg from "pg";
import { databaseKind, databaseUrl } from "../config";

const CHANNEL = "parallax_audit";
const RECONNECT_MS = 1_000;

export class AuditWatch {
  private latest = new Map<number, number>();
  private client: pg.Client | null = null;
  private ready: Promise<boolean> | null = null;

  constructor(private readonly url: string) {}

  /** Starts listening (once); false while the connection is down (the caller asks the database). */
  private listening(): Promise<boolean> {
    this.ready ??= this.connect();
    return this.ready;
  }

  private async connect(): Promise<boolean> {
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5_000 });
    const reset = (why: string) => {
      if (this.client !== client) return;
      console.error(`live review: the PostgreSQL notification channel closed (${why}); reconnecting`);
      this.client = null;
      this.latest.clear(); // notifications may have been missed meanwhile
      setTimeout(() => (this.ready = null), RECONNECT_MS).unref();
      client.end().catch(() => {});
    };
    client.on("error", (err) => reset(err.message));
    client.on("end", () => reset("connection ended"));
    client.on("notification", (n) => {
      const [b, a] = (n.payload ?? "").split(":").map(Number);
      if (Number.isInteger(b) && Number.isInteger(a) && this.latest.has(b) && a > this.latest.get(b)!) this.latest.set(b, a);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.client = client;
      return true;
    } catch (err) {
      console.error(`live review: cannot LISTEN on PostgreSQL (${(err as Error).message}); reading the audit log instead`);
      client.end().catch(() => {});
      setTimeout(() => (this.ready = null), RECONNECT_MS).unref();
      return false;
    }
  }

  /** Stops listening (tests; a process simply exits). */
  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.ready = Promise.resolve(false);
    await client?.end().catch(() => {});
  }

  /**
   * Whether a change after audit row `after` may exist: false only when this process knows the
   * newest row of the document pair from its notifications. `read` gives the newest row from
   * the database when it is not known yet (remembered from then on).
   */
  async mayHaveNews(bitextId: number, after: number, read: () => Promise<number>): Promise<boolean> {
    if (!(await this.listening())) return true;
    let known = this.latest.get(bitextId);
    if (known === undefined) {
      // listening already: anything committed from here on is notified (and kept from now on,
      // also during the read), so one read is enough
      this.latest.set(bitextId, 0);
      known = await read();
      this.latest.set(bitextId, Math.max(known, this.latest.get(bitextId) ?? 0));
      if (this.latest.size > 10_000) this.latest.delete(this.latest.keys().next().value as number);
    }
    return (this.latest.get(bitextId) ?? known) > after;
  }
}

const globalWatch = globalThis as unknown as { parallaxAuditWatch?: AuditWatch | null };

/** The process's watcher on PostgreSQL; null on SQLite. */
export function auditWatch(): AuditWatch | null {
  if (globalWatch.parallaxAuditWatch === undefined) {
    const url = databaseUrl();
    globalWatch.parallaxAuditWatch = databaseKind(url) === "postgresql" ? new AuditWatch(url) : null;
  }
  return globalWatch.parallaxAuditWatch;
}

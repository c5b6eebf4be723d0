// The editors' workload for the load and crash tests: each simulated editor, in a closed loop,
// reads a pair (GET /api/pairs/:id) and then acts on the version it read (POST /api/pairs/:id):
// confirm, flag, update a flag's note, correct a text, or merge / split. Nothing is retried:
// a 409 is an intended conflict (someone changed the pair first), a 404 on a pair someone else
// merged away is "gone"; both are counted apart from errors. Every write request is recorded
// with what it carried (unique tokens in notes and corrections) so that lib/verify.ts can check
// the database afterwards: each acknowledged write stored exactly once, nothing else stored.
import type { Person } from "./accounts";
import { NetworkError } from "./http";

export type Op = "confirm" | "flag" | "note" | "correct" | "merge" | "split";
export const OPS: Op[] = ["confirm", "flag", "note", "correct", "merge", "split"];

/**
 * ok: acknowledged (2xx); conflict: 409; gone: 404 for a pair merged away meanwhile;
 * error: any other answer; unknown: no answer (the server died with the request in flight).
 */
export type Outcome = "ok" | "conflict" | "gone" | "error" | "unknown";

export interface WriteRecord {
  seq: number;
  editor: number;
  userId: number;
  op: Op;
  /** the pair the request was posted to */
  pairId: number;
  /** merge: the next pair, merged into pairId */
  otherPairId?: number;
  /** flag / note / correct: a string that occurs in nothing else the test writes */
  token?: string;
  /** note: the flag updated; flag: the flag created (from the answer) */
  flagId?: number;
  /** correct: the stored text expected for the sentence that carries the token */
  expectedText?: string;
  /** correct: correction rows the request creates (sentences whose text changes) */
  expectedRows?: number;
  lang?: "en" | "zh";
  status: number;
  outcome: Outcome;
  auditId?: number;
  /** split: the pair created (from the answer) */
  createdPairId?: number;
  message?: string;
  ms: number;
  /** ms since the workload started, when the request was sent */
  at: number;
  /** one of the first `warmup` actions: verified, left out of the figures */
  warmup?: boolean;
}

export interface ReadSample {
  kind: "pair" | "rows" | "index";
  ms: number;
  status: number;
  /** ms since the workload started, when the request was sent */
  at: number;
  editor: number;
  warmup?: boolean;
}

/** A read before a write got an unexpected answer (neither the pair nor 404). */
export class ReadError extends Error {
  override name = "ReadError";
}

export type Mix = Record<"confirm" | "flag" | "note" | "correct" | "structure", number>;
export const DEFAULT_MIX: Mix = { confirm: 0.3, flag: 0.2, note: 0.2, correct: 0.2, structure: 0.1 };

export interface WorkloadOptions {
  bitextId: number;
  /** write requests in all (shared by all editors; the loop stops when they are issued) */
  actions: number;
  mix?: Mix;
  /** the first `hotPairs` pairs are shared by everyone (collisions happen there) */
  hotPairs: number;
  /** share of actions on the shared pairs; the rest go to the editor's own part of the document */
  hotShare: number;
  seed: number;
  /** the first sequence number (the crash test continues numbering across rounds) */
  firstSeq?: number;
  /**
   * The first `warmup` of the actions warm the server up (code paths, per-process caches);
   * the editors go on into the measured actions without a pause, on the same connections.
   */
  warmup?: number;
  /** checked before each action: true ends the loop (the crash test sets it when it kills) */
  stop?: () => boolean;
  /** in the crash test a request without an answer is "unknown", not an error */
  unansweredIs?: "error" | "unknown";
  /** mean pause of an editor between two actions (exponentially distributed); 0: none */
  thinkMs?: number;
}

/** A small seeded generator (mulberry32): runs with the same seed pick the same actions. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SentenceDetail {
  id: number;
  originalText: string;
  currentText: string;
}
interface PairDetail {
  id: number;
  position: number;
  version: number;
  en: SentenceDetail[];
  zh: SentenceDetail[];
  flags: { id: number; source: string; resolved: boolean; version: number }[];
}
/** A row of the review page (GET /api/bitexts/:id/pairs/rows): only what the workload uses. */
interface RowDetail {
  id: number;
  position: number;
  version: number;
  en: { id: number }[];
  zh: { id: number }[];
}
interface WriteAnswer {
  auditId?: number | null;
  flagId?: number | null;
  rows?: { id: number }[];
  deletedPairIds?: number[];
  error?: string;
}

export class Workload {
  readonly records: WriteRecord[] = [];
  readonly reads: ReadSample[] = [];
  private nextSeq: number;
  private readonly last: number;
  private readonly t0 = performance.now();
  private readonly mix: Mix;
  private readonly firstMeasured: number;
  /** ms since the workload started when the first measured (not warm-up) action began */
  measuredFrom: number | null = null;
  /** ms since the workload started when the last action ended */
  endedAt = 0;

  constructor(
    readonly opts: WorkloadOptions,
    private order: number[],
  ) {
    this.nextSeq = opts.firstSeq ?? 1;
    this.last = this.nextSeq + opts.actions - 1;
    this.firstMeasured = this.nextSeq + (opts.warmup ?? 0);
    this.mix = opts.mix ?? DEFAULT_MIX;
  }

  get issued(): number {
    return this.nextSeq - (this.opts.firstSeq ?? 1);
  }

  /** Runs every editor's loop to the end (all actions issued, or stop()). */
  async run(editors: Person[]): Promise<void> {
    await Promise.all(editors.map((e, k) => this.editorLoop(e, k, editors.length)));
    this.endedAt = performance.now() - this.t0;
  }

  private takeSeq(): number | null {
    if (this.opts.stop?.() || this.nextSeq > this.last) return null;
    if (this.nextSeq === this.firstMeasured) this.measuredFrom = performance.now() - this.t0;
    return this.nextSeq++;
  }

  private isWarmup(seq: number): boolean {
    return seq < this.firstMeasured;
  }

  private async editorLoop(person: Person, k: number, n: number) {
    const random = rng(this.opts.seed * 1000 + k + 1);
    const st: EditorState = { person, k, n, random, order: [...this.order], flagPairs: [], merged: [], seq: 0 };
    for (;;) {
      const seq = this.takeSeq();
      if (seq === null) return;
      st.seq = seq;
      const think = this.opts.thinkMs ?? 0;
      if (think > 0) await new Promise((r) => setTimeout(r, -Math.log(1 - random()) * think));
      const choice = this.pickOp(random);
      try {
        await this.act(st, seq, choice);
      } catch (err) {
        if (!(err instanceof NetworkError) && !(err instanceof ReadError)) throw err;
        // A read without an answer: in the crash test the server is gone (killed), this
        // editor stops; otherwise a failed read is an error, and the editor goes on.
        if (err instanceof NetworkError && this.opts.unansweredIs === "unknown") return;
        this.records.push({
          seq,
          editor: k,
          userId: person.userId,
          op: choice === "structure" ? "merge" : choice,
          pairId: 0,
          status: 0,
          outcome: "error",
          message: `a read before the write failed: ${err.message}`,
          ms: 0,
          at: performance.now() - this.t0,
          warmup: this.isWarmup(seq),
        });
      }
    }
  }

  private pickOp(random: () => number): Op | "structure" {
    let x = random() * Object.values(this.mix).reduce((s, v) => s + v, 0);
    for (const [op, w] of Object.entries(this.mix) as [keyof Mix, number][]) {
      if ((x -= w) < 0) return op;
    }
    return "confirm";
  }

  /** An index into the editor's copy of the reading order: the shared pairs, or its own part. */
  private pickIndex(st: EditorState, forMerge: boolean): number {
    const len = st.order.length - (forMerge ? 1 : 0);
    const hot = Math.min(this.opts.hotPairs, len);
    if (hot > 0 && st.random() < this.opts.hotShare) return Math.floor(st.random() * hot);
    const a = hot + Math.floor((st.k * (len - hot)) / st.n);
    const b = Math.max(a + 1, hot + Math.floor(((st.k + 1) * (len - hot)) / st.n));
    return Math.min(len - 1, a + Math.floor(st.random() * (b - a)));
  }

  private async readPair(st: EditorState, pairId: number): Promise<PairDetail | null> {
    const at = performance.now() - this.t0;
    const r = await st.person.client.get<PairDetail>(`/api/pairs/${pairId}`);
    this.reads.push({ kind: "pair", ms: r.ms, status: r.status, at, editor: st.k, warmup: this.isWarmup(st.seq) });
    if (r.status === 200) return r.body;
    if (r.status === 404) {
      // merged away by someone else: forget it (the whole index is re-read only when a
      // merge finds its neighbour moved, as it is large)
      st.order = st.order.filter((id) => id !== pairId);
      return null;
    }
    throw new ReadError(`GET /api/pairs/${pairId} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
  }

  private async refreshOrder(st: EditorState) {
    const at = performance.now() - this.t0;
    const r = await st.person.client.get<{ order: number[] }>(`/api/bitexts/${this.opts.bitextId}/pairs`);
    this.reads.push({ kind: "index", ms: r.ms, status: r.status, at, editor: st.k, warmup: this.isWarmup(st.seq) });
    if (r.status !== 200) throw new ReadError(`GET the pair index answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
    st.order = r.body.order;
  }

  /** Reads what the action needs (a few tries when pairs moved meanwhile), then posts once. */
  private async act(st: EditorState, seq: number, choice: Op | "structure") {
    const token = `[LT-${seq}]`;
    for (let attempt = 0; attempt < 6; attempt++) {
      const prepared = await this.prepare(st, choice, token);
      if (prepared) return this.post(st, seq, prepared);
    }
    this.records.push({
      seq,
      editor: st.k,
      userId: st.person.userId,
      op: choice === "structure" ? "merge" : choice,
      pairId: 0,
      status: 0,
      outcome: "error",
      message: "found no pair to act on after 6 reads",
      ms: 0,
      at: performance.now() - this.t0,
      warmup: this.isWarmup(seq),
    });
  }

  private async prepare(st: EditorState, choice: Op | "structure", token: string): Promise<Prepared | null> {
    if (choice === "note") {
      // a pair this editor flagged, or any pair; without an editor's flag there, flag it instead
      const pick = st.flagPairs.length && st.random() < 0.7 ? st.flagPairs[Math.floor(st.random() * st.flagPairs.length)] : st.order[this.pickIndex(st, false)];
      const pair = await this.readPair(st, pick);
      if (!pair) {
        st.flagPairs = st.flagPairs.filter((x) => x !== pick);
        return null;
      }
      const flags = pair.flags.filter((f) => f.source === "editor");
      if (!flags.length) return this.flagOf(pair, token);
      const flag = flags[Math.floor(st.random() * flags.length)];
      return {
        op: "note",
        pairId: pair.id,
        token,
        flagId: flag.id,
        body: { op: "flag.update", flagId: flag.id, note: `load-test note ${token}`, expectedVersion: flag.version },
      };
    }
    // Half of the structural changes split a pair this editor merged before (as people undo
    // a wrong merge); the others merge a pair with the next one, or split it when it has
    // more than one sentence in a language.
    const resplit = choice === "structure" && st.merged.length > 0 && st.random() < 0.5;
    const pairId = resplit ? st.merged.splice(Math.floor(st.random() * st.merged.length), 1)[0] : st.order[this.pickIndex(st, choice === "structure")];
    if (choice === "structure") return this.prepareStructure(st, pairId);
    const pair = await this.readPair(st, pairId);
    if (!pair) return null;
    switch (choice) {
      case "confirm":
        return { op: "confirm", pairId, body: { op: "status", status: "confirmed", expectedVersion: pair.version } };
      case "flag":
        return this.flagOf(pair, token);
      case "correct": {
        let lang: "en" | "zh" = st.random() < 0.5 ? "en" : "zh";
        if (!pair[lang].length) lang = lang === "en" ? "zh" : "en";
        const side = pair[lang];
        // One sentence, corrected from its original text, so that no correction ever repeats an
        // earlier token; the base is its current text as read.
        const target = side[Math.floor(st.random() * side.length)];
        const sep = lang === "en" ? " " : "";
        const text = `${token}${sep}${target.originalText}`;
        const edit = { sentenceId: target.id, text, base: target.currentText };
        return { op: "correct", pairId, token, lang, expectedText: text, expectedRows: 1, body: { op: "correct", edits: [edit] } };
      }
      default:
        throw new Error(`unknown action ${choice}`);
    }
  }

  /**
   * A split of the pair when it has more than one sentence in a language, else a merge with
   * the next pair. The pair and its neighbour are read in one request (the review page's rows),
   * so their versions come from one moment.
   */
  private async prepareStructure(st: EditorState, pairId: number): Promise<Prepared | null> {
    const nextId = st.order[st.order.indexOf(pairId) + 1];
    const ids = nextId === undefined ? [pairId] : [pairId, nextId];
    const at = performance.now() - this.t0;
    const r = await st.person.client.get<{ rows: RowDetail[] }>(`/api/bitexts/${this.opts.bitextId}/pairs/rows?ids=${ids.join(",")}`);
    this.reads.push({ kind: "rows", ms: r.ms, status: r.status, at, editor: st.k, warmup: this.isWarmup(st.seq) });
    if (r.status !== 200) throw new ReadError(`GET rows ${ids.join(",")} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
    const pair = r.body.rows.find((x) => x.id === pairId);
    const next = r.body.rows.find((x) => x.id === nextId);
    if (!pair) {
      st.order = st.order.filter((id) => id !== pairId);
      return null;
    }
    const keepEn = Math.ceil(pair.en.length / 2);
    const keepZh = Math.ceil(pair.zh.length / 2);
    if (keepEn + keepZh < pair.en.length + pair.zh.length) {
      return { op: "split", pairId, body: { op: "split", en: keepEn, zh: keepZh, expectedVersion: pair.version } };
    }
    if (!next) {
      // the neighbour was merged away: re-read the order
      if (nextId !== undefined) await this.refreshOrder(st);
      return null;
    }
    // Positions have gaps, so whether a pair came between cannot be told from these two rows:
    // the server answers 409 when `next` no longer follows, and the order is then re-read.
    return {
      op: "merge",
      pairId,
      otherPairId: next.id,
      body: { op: "merge", expectedVersions: { [pairId]: pair.version, [next.id]: next.version } },
    };
  }

  private flagOf(pair: PairDetail, token: string): Prepared {
    return {
      op: "flag",
      pairId: pair.id,
      token,
      body: { op: "flag.add", category: "style", severity: "minor", note: `load-test flag ${token}`, expectedVersion: pair.version },
    };
  }

  private async post(st: EditorState, seq: number, p: Prepared) {
    const { body, ...rest } = p;
    const rec: WriteRecord = {
      ...rest,
      seq,
      editor: st.k,
      userId: st.person.userId,
      status: 0,
      outcome: "unknown",
      ms: 0,
      at: performance.now() - this.t0,
      warmup: this.isWarmup(seq),
    };
    try {
      const r = await st.person.client.post<WriteAnswer>(`/api/pairs/${p.pairId}`, body);
      rec.status = r.status;
      rec.ms = r.ms;
      const answer = (typeof r.body === "object" && r.body ? r.body : {}) as WriteAnswer;
      if (r.status === 200) {
        rec.outcome = "ok";
        rec.auditId = answer.auditId ?? undefined;
        if (p.op === "flag") {
          rec.flagId = answer.flagId ?? undefined;
          st.flagPairs.push(p.pairId);
        }
        if (p.op === "split") {
          rec.createdPairId = answer.rows?.map((x) => x.id).find((id) => id !== p.pairId);
          if (rec.createdPairId) st.order.splice(st.order.indexOf(p.pairId) + 1, 0, rec.createdPairId);
        }
        if (p.op === "merge") {
          const gone = new Set(answer.deletedPairIds ?? []);
          st.order = st.order.filter((id) => !gone.has(id));
          st.merged.push(p.pairId);
        }
      } else {
        // 404 for a pair the editor just read: another editor merged it away meanwhile
        const gone = r.status === 404 && /^Pair \d+ (no longer exists|does not exist)/.test(answer.error ?? "");
        rec.outcome = r.status === 409 ? "conflict" : gone ? "gone" : "error";
        rec.message = answer.error ?? String(r.body).slice(0, 300);
        if (rec.outcome === "gone") st.order = st.order.filter((id) => id !== p.pairId);
        if (p.op === "merge" && /no longer follows/.test(rec.message)) await this.refreshOrder(st);
      }
    } catch (err) {
      if (!(err instanceof NetworkError)) throw err;
      rec.outcome = this.opts.unansweredIs ?? "error";
      rec.message = err.message;
    }
    this.records.push(rec);
  }
}

interface EditorState {
  person: Person;
  k: number;
  n: number;
  random: () => number;
  order: number[];
  /** pairs this editor flagged (flag-note updates go there first) */
  flagPairs: number[];
  /** pairs this editor merged (candidates for a split) */
  merged: number[];
  /** the action under way */
  seq: number;
}

type Prepared = Omit<WriteRecord, "seq" | "editor" | "userId" | "status" | "outcome" | "ms" | "at"> & { body: object };

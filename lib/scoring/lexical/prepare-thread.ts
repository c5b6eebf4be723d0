/**
 * The English side of a long document prepared on a second thread while this thread prepares the
 * Chinese side (prepare.ts's prepareEnglish on both, so the sentences and their weights are the same).
 *
 * The aligner is synchronous, so the result is awaited with Atomics.wait and read with
 * receiveMessageOnPort. The thread has its own lexicon: the key ids of words it does not know
 * (interned, see Lexicon.internKey) are mapped back by interning their keys here, in the order
 * the thread first met them, after the Chinese side: exactly the ids that preparing both sides
 * here, Chinese first, gives. Anything that goes wrong (no TypeScript loader, the thread fails
 * or takes too long) leaves the English side to be prepared here as before.
 *
 * Threads are used only for long documents (THREAD_MIN_CHARS) and only when
 * this module runs from its TypeScript source under tsx (the CLI, the job worker), not from a
 * bundle; PARALLAX_THREADS=0 turns them off.
 */
import fs from "node:fs";
import { MessageChannel, Worker, isMainThread, receiveMessageOnPort, workerData, type MessagePort } from "node:worker_threads";
import { getLexicon } from "../../lexicon";
import { prepareEnglish, TokenKeys } from "./prepare";
import { maskWords, type EnSent, type EnTok } from "./sentences";

/**
 * English characters from which the thread is used. Starting it (its own TypeScript modules and
 * lexicon) takes about 0.3 s, and it saves time only when preparing the Chinese side here takes
 * longer than that: about a third of the Bible (3.7 million English characters); a long report
 * has about 100,000.
 */
export const THREAD_MIN_CHARS = 1_500_000;
/** How long to wait for the thread before preparing the English side here. */
const WAIT_MS = 60_000;

/** Columns of prepared English sentences, as the thread sends them. */
interface EnColumns {
  /** the thread's lexicon size before it interned anything: ids from here on are its own */
  base: number;
  /** keys the thread interned, by id − base */
  newKeys: string[];
  /** first token of each sentence (n + 1 entries) */
  first: Int32Array;
  start: Int32Array;
  end: Int32Array;
  key: Int32Array;
  kind: Uint8Array;
  w: Float64Array;
  df: Int32Array;
  /** per sentence: totalW, len, hasNames, punct */
  totalW: Float64Array;
  len: Int32Array;
  hasNames: Uint8Array;
  punct: Uint8Array;
  /** tokens (global index) with name syllabifications */
  segs: [number, string[][]][];
  /** tokens whose text is not the sentence's slice start–end */
  texts: [number, string][];
  /** the document frequencies of the English keys, in the order of the Map */
  dfKeys: Int32Array;
  dfCounts: Int32Array;
}

type Reply = { ok: true; cols: EnColumns } | { ok: false; message: string };

/** An English side being prepared on another thread. */
export class PendingEnglish {
  constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly flag: Int32Array,
    private readonly texts: string[],
  ) {}

  /** The prepared sentences and document frequencies with this thread's key ids, or null when the thread failed. */
  take(keys: TokenKeys): { sents: EnSent[]; df: Map<number, number> } | null {
    try {
      const state = Atomics.wait(this.flag, 0, 0, WAIT_MS);
      const msg = state === "timed-out" ? undefined : receiveMessageOnPort(this.port);
      const reply = msg?.message as Reply | undefined;
      if (!reply?.ok) return null;
      const remap = reply.cols.newKeys.map((k) => keys.lex.internKey(k));
      const base = reply.cols.base;
      const keyOf = (id: number) => (id < base ? id : remap[id - base]);
      const df = new Map<number, number>();
      reply.cols.dfKeys.forEach((id, k) => df.set(keyOf(id), reply.cols.dfCounts[k]));
      return { sents: sentencesFromColumns(this.texts, reply.cols, keyOf), df };
    } finally {
      this.port.close();
      void this.worker.terminate();
    }
  }
}

/** Starts preparing the English side on a thread; null when the document is short or threads are unavailable. */
export function startEnglishPreparation(enTexts: string[], minChars = THREAD_MIN_CHARS): PendingEnglish | null {
  if (!threadsUsable()) return null;
  let chars = 0;
  for (const t of enTexts) chars += t.length;
  if (chars < minChars) return null;
  const tsxApi = tsxRegisterPath();
  if (!tsxApi) return null;
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  // The thread runs this same TypeScript file, compiled on the fly by tsx's require hook; a
  // failing start still raises the flag, so that the waiting side is not left waiting.
  const bootstrap =
    `const { workerData } = require("node:worker_threads");` +
    `try { require(${JSON.stringify(tsxApi)}).register(); require(${JSON.stringify(__filename)}); }` +
    `catch (e) { workerData.port.postMessage({ ok: false, message: String(e) }); Atomics.store(workerData.flag, 0, 2); Atomics.notify(workerData.flag, 0); }`;
  try {
    const worker = new Worker(bootstrap, { eval: true, workerData: { prepareEnglish: true, texts: enTexts, flag, port: port2 }, transferList: [port2] });
    worker.unref();
    worker.on("error", () => {});
    return new PendingEnglish(worker, port1, flag, enTexts);
  } catch {
    port1.close();
    return null;
  }
}

/** Only from the TypeScript source (under tsx), and not when PARALLAX_THREADS=0. */
function threadsUsable(): boolean {
  if (process.env.PARALLAX_THREADS === "0") return false;
  return __filename.endsWith(".ts") && fs.existsSync(__filename);
}

/** tsx's require hook, resolved from here (a thread started from code resolves from the working directory). */
function tsxRegisterPath(): string | null {
  try {
    // resolved at run time only: a bundler (Next.js builds this module into the app, where the
    // thread is never used) must not follow it into tsx and esbuild
    const resolve: (id: string) => string = require.resolve;
    return resolve(["tsx", "cjs", "api"].join("/"));
  } catch {
    return null;
  }
}

/** EnSent objects from the thread's columns, its key ids mapped to this thread's lexicon by keyOf. */
function sentencesFromColumns(texts: string[], c: EnColumns, keyOf: (id: number) => number): EnSent[] {
  const segs = new Map(c.segs);
  const tokTexts = new Map(c.texts);
  const out: EnSent[] = new Array(texts.length);
  for (let s = 0; s < texts.length; s++) {
    const text = texts[s];
    const toks: EnTok[] = [];
    const tokKeys = new Int32Array(c.first[s + 1] - c.first[s]);
    for (let g = c.first[s]; g < c.first[s + 1]; g++) {
      const key = keyOf(c.key[g]);
      const txt = tokTexts.get(g) ?? text.slice(c.start[g], c.end[g]);
      toks.push({ text: txt, start: c.start[g], end: c.end[g], key, kind: c.kind[g], segs: segs.get(g) ?? null, w: c.w[g], df: c.df[g] });
      tokKeys[g - c.first[s]] = key;
    }
    out[s] = { text, toks, keys: tokKeys, words: maskWords(toks.length), totalW: c.totalW[s], len: c.len[s], hasNames: c.hasNames[s] === 1, punct: c.punct[s] };
  }
  return out;
}

/** The thread's side: prepareEnglish with its own lexicon, sent back as columns. */
function columnsOf(texts: string[]): EnColumns {
  const lex = getLexicon();
  const base = lex.keys.length;
  const keys = new TokenKeys(lex);
  const { sents, df } = prepareEnglish(keys, texts);
  let n = 0;
  for (const s of sents) n += s.toks.length;
  const c: EnColumns = {
    base,
    newKeys: lex.keys.slice(base),
    first: new Int32Array(sents.length + 1),
    start: new Int32Array(n),
    end: new Int32Array(n),
    key: new Int32Array(n),
    kind: new Uint8Array(n),
    w: new Float64Array(n),
    df: new Int32Array(n),
    totalW: new Float64Array(sents.length),
    len: new Int32Array(sents.length),
    hasNames: new Uint8Array(sents.length),
    punct: new Uint8Array(sents.length),
    segs: [],
    texts: [],
    dfKeys: Int32Array.from(df.keys()),
    dfCounts: Int32Array.from(df.values()),
  };
  let g = 0;
  sents.forEach((s, i) => {
    c.first[i] = g;
    c.totalW[i] = s.totalW;
    c.len[i] = s.len;
    c.hasNames[i] = s.hasNames ? 1 : 0;
    c.punct[i] = s.punct;
    for (const t of s.toks) {
      c.start[g] = t.start;
      c.end[g] = t.end;
      c.key[g] = t.key;
      c.kind[g] = t.kind;
      c.w[g] = t.w;
      c.df[g] = t.df;
      if (t.segs) c.segs.push([g, t.segs]);
      if (t.text !== s.text.slice(t.start, t.end)) c.texts.push([g, t.text]);
      g++;
    }
  });
  c.first[sents.length] = g;
  return c;
}

if (!isMainThread && workerData?.prepareEnglish) {
  const { texts, flag, port } = workerData as { texts: string[]; flag: Int32Array; port: MessagePort };
  let reply: Reply;
  try {
    reply = { ok: true, cols: columnsOf(texts) };
  } catch (err) {
    reply = { ok: false, message: (err as Error).message };
  }
  const transfer = reply.ok ? Object.values(reply.cols).filter(ArrayBuffer.isView).map((a) => a.buffer as ArrayBuffer) : [];
  port.postMessage(reply, transfer);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

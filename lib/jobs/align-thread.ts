// Runs the aligner — and the automatic checks, which on a long document take minutes too —
// in a worker thread so that the worker process stays responsive (progress reports,
// heartbeats, cancellation) while a long document is being aligned and checked.
//
// Threads are reused: starting one costs about 0.7 s (the TypeScript loader and the
// CC-CEDICT lexicon), more than aligning a typical article, so a batch of short documents
// would otherwise spend most of its time starting threads. An idle thread is kept for
// IDLE_MS and does not keep the process alive; a cancelled alignment terminates its thread
// (the aligner is synchronous and cannot be interrupted any other way) and the next job
// starts a fresh one.
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { align, type AlignInput, type AlignmentResult, type AlignOptions } from "../alignment";
import { buildDocContext, runChecks, type QaLang, type QaOptions, type QaPairInput, type DocContext, type QaIssue } from "../qa";
import type { CheckRunner } from "../db/checks";

type Request =
  | { kind: "align"; zh: AlignInput[]; en: AlignInput[]; mode: AlignOptions["mode"] }
  | { kind: "context"; pairs: QaPairInput[]; opts: { sourceLang?: QaLang } }
  | { kind: "checks"; pairs: QaPairInput[]; opts: QaOptions };
type Msg = { type: "progress"; done: number; total: number; stage: string } | { type: "result"; result: unknown } | { type: "error"; message: string };

/** An idle thread is terminated after this long without work. */
const IDLE_MS = 60_000;
/** Idle threads kept at most (one per concurrent job of this process is enough). */
const MAX_IDLE = 4;

interface Slot {
  worker: Worker;
  idleTimer?: NodeJS.Timeout;
}

const idle: Slot[] = [];
let started = 0;

/** How many threads this process has started (tests check that threads are reused). */
export function alignThreadsStarted() {
  return started;
}

function spawn(): Slot {
  // The thread runs this same TypeScript file, compiled on the fly by tsx's require hook.
  const bootstrap = `require("tsx/cjs/api").register(); require(${JSON.stringify(__filename)});`;
  started++;
  return { worker: new Worker(bootstrap, { eval: true, workerData: { alignThread: true } }) };
}

function acquire(): Slot {
  const slot = idle.pop();
  if (slot) {
    clearTimeout(slot.idleTimer);
    slot.worker.ref();
    return slot;
  }
  return spawn();
}

function release(slot: Slot) {
  if (idle.length >= MAX_IDLE) {
    void slot.worker.terminate();
    return;
  }
  slot.worker.unref();
  slot.idleTimer = setTimeout(() => {
    const i = idle.indexOf(slot);
    if (i >= 0) idle.splice(i, 1);
    void slot.worker.terminate();
  }, IDLE_MS);
  slot.idleTimer.unref();
  idle.push(slot);
}

/** Stops every idle thread (a worker shutting down). */
export async function stopAlignThreads() {
  const slots = idle.splice(0);
  await Promise.all(slots.map((s) => (clearTimeout(s.idleTimer), s.worker.terminate())));
}

export function alignInThread(zh: AlignInput[], en: AlignInput[], opts: AlignOptions = {}): Promise<AlignmentResult> {
  return runInThread<AlignmentResult>({ kind: "align", zh, en, mode: opts.mode }, opts);
}

/** The automatic checks' CPU work in a thread; `signal` stops it (the thread is terminated). */
export function checkRunnerInThread(signal?: AbortSignal): CheckRunner {
  return {
    buildDocContext: (pairs, opts) => runInThread<DocContext>({ kind: "context", pairs, opts }, { signal }),
    runChecks: (pairs, opts) => runInThread<QaIssue[][]>({ kind: "checks", pairs, opts }, { signal }),
  };
}

function runInThread<T>(req: Request, opts: { signal?: AbortSignal; onProgress?: AlignOptions["onProgress"] }): Promise<T> {
  if (opts.signal?.aborted) return Promise.reject(new Error("cancelled"));
  return new Promise((resolve, reject) => {
    const slot = acquire();
    const { worker } = slot;
    let settled = false;
    const finish = (reusable: boolean, fn: () => void) => {
      if (settled) return;
      settled = true;
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      opts.signal?.removeEventListener("abort", onAbort);
      if (reusable) release(slot);
      else void worker.terminate();
      fn();
    };
    const onMessage = (msg: Msg) => {
      if (msg.type === "progress") opts.onProgress?.(msg.done, msg.total, msg.stage);
      else if (msg.type === "result") finish(true, () => resolve(msg.result as T));
      // The aligner threw (bad input): the thread itself is fine and can be reused.
      else finish(true, () => reject(new Error(msg.message)));
    };
    const onError = (err: Error) => finish(false, () => reject(err));
    const onExit = (code: number) => finish(false, () => reject(new Error(`the alignment thread stopped with code ${code}`)));
    const onAbort = () => finish(false, () => reject(new Error("cancelled")));
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    worker.postMessage(req);
  });
}

if (!isMainThread && parentPort && workerData?.alignThread) {
  const port = parentPort;
  port.on("message", (req: Request) => {
    try {
      let result: unknown;
      if (req.kind === "align") {
        result = align(req.zh, req.en, {
          mode: req.mode,
          onProgress: (done, total, stage) => port.postMessage({ type: "progress", done, total, stage } satisfies Msg),
        });
      } else if (req.kind === "context") result = buildDocContext(req.pairs, req.opts);
      else result = runChecks(req.pairs, req.opts);
      port.postMessage({ type: "result", result } satisfies Msg);
    } catch (err) {
      port.postMessage({ type: "error", message: (err as Error).message } satisfies Msg);
    }
  });
}

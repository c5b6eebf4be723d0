// Runs the aligner in a worker thread so that the worker process stays responsive
// (progress reports, cancellation) while a long document is being aligned.
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { align, type AlignInput, type AlignmentResult, type AlignOptions } from "../alignment";

type Msg = { type: "progress"; done: number; total: number; stage: string } | { type: "result"; result: AlignmentResult } | { type: "error"; message: string };

export function alignInThread(
  zh: AlignInput[],
  en: AlignInput[],
  opts: AlignOptions = {},
): Promise<AlignmentResult> {
  return new Promise((resolve, reject) => {
    // The thread runs this same TypeScript file, compiled on the fly by tsx's require hook.
    const bootstrap = `require("tsx/cjs/api").register(); require(${JSON.stringify(__filename)});`;
    const worker = new Worker(bootstrap, { eval: true, workerData: { zh, en, mode: opts.mode } });
    const abort = () => {
      void worker.terminate();
      reject(new Error("cancelled"));
    };
    opts.signal?.addEventListener("abort", abort, { once: true });
    worker.on("message", (msg: Msg) => {
      if (msg.type === "progress") opts.onProgress?.(msg.done, msg.total, msg.stage);
      else if (msg.type === "result") resolve(msg.result);
      else reject(new Error(msg.message));
    });
    worker.on("error", reject);
    worker.on("exit", (code) => {
      opts.signal?.removeEventListener("abort", abort);
      if (code !== 0) reject(new Error(`the alignment thread stopped with code ${code}`));
    });
  });
}

if (!isMainThread && parentPort && workerData?.zh) {
  const port = parentPort;
  Promise.resolve()
    .then(() =>
      align(workerData.zh, workerData.en, {
        mode: workerData.mode,
        onProgress: (done, total, stage) => port.postMessage({ type: "progress", done, total, stage } satisfies Msg),
      }),
    )
    .then((result) => port.postMessage({ type: "result", result } satisfies Msg))
    .catch((err: Error) => port.postMessage({ type: "error", message: err.message } satisfies Msg));
}

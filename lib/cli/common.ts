/** Small helpers shared by the align/eval CLIs. */
import fs from "node:fs";

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** Read a UTF-8 text file; clear errors for missing, directory, empty and binary files. */
export function readTextFile(file: string, flag: string): string {
  let buf: Buffer;
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw new CliError(`${flag} ${file}: is a directory`);
    buf = fs.readFileSync(file);
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`${flag} ${file}: ${code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : String(e)}`);
  }
  if (buf.length === 0 || !buf.toString("utf8").trim()) throw new CliError(`${flag} ${file}: file is empty`);
  const head = buf.subarray(0, 65536);
  if (head.includes(0)) throw new CliError(`${flag} ${file}: looks like a binary file (contains NUL bytes)`);
  const text = buf.toString("utf8");
  const bad = (text.match(/\uFFFD/g) ?? []).length;
  if (bad > 0 && bad / text.length > 0.01) throw new CliError(`${flag} ${file}: not UTF-8 text (binary or wrong encoding)`);
  return text.replace(/^\uFEFF/, "");
}

export function runMain(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof CliError) {
      (e.exitCode === 0 ? process.stdout : process.stderr).write(`${e.exitCode === 0 ? "" : "error: "}${e.message}\n`);
      process.exit(e.exitCode);
    }
    process.stderr.write(`error: ${(e as Error).message ?? String(e)}\n`);
    process.exit(1);
  }
}

/** A one-line progress bar on stderr: only when stderr is a TTY or the input is large. */
export function makeProgress(size: number): { update: (d: number, t: number, stage: string) => void; done: () => void } | undefined {
  const tty = !!process.stderr.isTTY;
  if (!tty && size < 5000) return undefined;
  let last = 0;
  let lastStage = "";
  return {
    update(d, t, stage) {
      const now = Date.now();
      if (!tty) {
        if (stage !== lastStage) process.stderr.write(`[align] ${stage}\n`);
        lastStage = stage;
        return;
      }
      if (now - last < 80 && stage === lastStage) return;
      last = now;
      lastStage = stage;
      const frac = t > 0 ? Math.max(0, Math.min(1, d / t)) : 0;
      const w = 30;
      const fill = Math.round(frac * w);
      process.stderr.write(`\r[${"#".repeat(fill)}${"-".repeat(w - fill)}] ${(frac * 100).toFixed(0).padStart(3)}% ${stage.padEnd(22)}`);
    },
    done() {
      if (tty) process.stderr.write("\r" + " ".repeat(64) + "\r");
    },
  };
}

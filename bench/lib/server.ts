// Starting and stopping the production app for the benchmarks, exactly as `npm start` does
// (lib/cli/start.ts migrates, builds when sources changed, serves and runs the job worker).
// The app runs in its own process group, so the crash test can kill -9 all of it at once
// (start.ts, the Next.js server and the worker) and nothing is left behind.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");
const TSX = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface AppOptions {
  databaseUrl: string;
  port: number;
  /** PARALLAX_NEXT_DIR: the build directory (one per engineer so builds do not collide) */
  nextDir: string;
  /** where the server's output goes (kept out of the benchmark's report) */
  logFile: string;
  env?: Record<string, string>;
}

export class App {
  readonly base: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private done = false;

  private constructor(
    readonly child: ChildProcess,
    readonly opts: AppOptions,
  ) {
    this.base = `http://127.0.0.1:${opts.port}`;
    this.exited = new Promise((resolve) =>
      child.once("exit", (code, signal) => {
        this.done = true;
        resolve({ code, signal });
      }),
    );
  }

  static spawn(opts: AppOptions): App {
    const out = fs.openSync(opts.logFile, "a");
    const base = `http://127.0.0.1:${opts.port}`;
    const child = spawn(process.execPath, [TSX, path.join("lib", "cli", "start.ts")], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(opts.port),
        HOST: "127.0.0.1",
        DATABASE_URL: opts.databaseUrl,
        PARALLAX_NEXT_DIR: opts.nextDir,
        // the address the benchmark's clients use: Better Auth accepts sign-ins from this origin
        PARALLAX_PUBLIC_URL: base,
        ...opts.env,
      },
      stdio: ["ignore", out, out],
      detached: true,
    });
    fs.closeSync(out);
    return new App(child, opts);
  }

  get pid(): number {
    if (!this.child.pid) throw new Error("the app process did not start");
    return this.child.pid;
  }

  get running(): boolean {
    return !this.done;
  }

  /** Waits until the app answers HTTP; fails early with the log's tail when it stops. */
  async ready(timeoutMs = 15 * 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    let stopped = false;
    void this.exited.then(() => (stopped = true));
    while (Date.now() < until) {
      if (stopped) throw new Error(`the app stopped before serving; its log (${this.opts.logFile}) ends with:\n${tail(this.opts.logFile)}`);
      const ok = await fetch(`${this.base}/sign-in`, { redirect: "manual" })
        .then((r) => r.status < 500)
        .catch(() => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`the app did not answer within ${Math.round(timeoutMs / 1000)} s; log: ${this.opts.logFile}`);
  }

  /** SIGKILL to the whole process group: start.ts, the Next.js server and the worker die at once. */
  async kill9(): Promise<void> {
    try {
      process.kill(-this.pid, "SIGKILL");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
    }
    await this.exited;
    await waitGroupGone(this.pid);
  }

  /** Orderly stop (SIGTERM to the group), SIGKILL after a grace period. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return waitGroupGone(this.pid);
    try {
      process.kill(-this.pid, "SIGTERM");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
    }
    const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), graceMs));
    if ((await Promise.race([this.exited, timer])) === "timeout") return this.kill9();
    await waitGroupGone(this.pid, graceMs).catch(() => this.kill9());
  }
}

/** Resolves when no process of the group is left (the children may outlive their parent briefly). */
async function waitGroupGone(pgid: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    if (Date.now() > until) {
      try {
        process.kill(-pgid, "SIGKILL");
      } catch {
        return;
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`;
}

export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

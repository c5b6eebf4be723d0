// Keeps a child process running: when it exits on its own, `npm start` starts it again after a
// pause that doubles with each quick failure (1 s, 2 s, 4 s … 30 s) and says why in one log
// line; a child that ran for a while starts again from the shortest pause. A child that keeps
// failing at start (a configuration error a restart only repeats) is given up on, and the
// caller decides what that means. A stop request (`stop()`) ends the restarts.
import type { ChildProcess } from "node:child_process";

export interface SuperviseOptions {
  /** what the log calls the child ("the job worker") */
  name: string;
  /** starts the child (again) */
  start: () => ChildProcess;
  log: (line: string) => void;
  /** called once the child failed at start `maxQuickFailures` times in a row */
  giveUp: (why: string) => void;
  /** a run shorter than this counts as a failure at start */
  quickMs?: number;
  maxQuickFailures?: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
  now?: () => number;
  schedule?: (fn: () => void, ms: number) => void;
}

export interface Supervised {
  /** the child running now (or the last one) */
  current(): ChildProcess;
  /** no more restarts (the caller stops the child itself) */
  stop(): void;
  restarts(): number;
}

/** The pause before restart n (1-based) after quick failures: doubling, capped. */
export function restartDelay(quickFailures: number, firstMs = 1000, maxMs = 30_000): number {
  return Math.min(maxMs, firstMs * 2 ** Math.max(0, quickFailures - 1));
}

const exitReason = (code: number | null, signal: NodeJS.Signals | null) => (signal ? `killed by ${signal}` : `exit code ${code}`);

export function supervise(o: SuperviseOptions): Supervised {
  const quickMs = o.quickMs ?? 10_000;
  const maxQuick = o.maxQuickFailures ?? 5;
  const now = o.now ?? Date.now;
  const schedule = o.schedule ?? ((fn, ms) => void setTimeout(fn, ms).unref());
  let stopped = false;
  let quickFailures = 0;
  let restarts = 0;
  let child: ChildProcess;

  const launch = () => {
    const startedAt = now();
    child = o.start();
    child.once("exit", (code, signal) => {
      if (stopped) return;
      const ranMs = now() - startedAt;
      quickFailures = ranMs < quickMs ? quickFailures + 1 : 1;
      const why = `${o.name} stopped (${exitReason(code, signal)}) after ${(ranMs / 1000).toFixed(1)} s`;
      if (quickFailures >= maxQuick) return o.giveUp(`${why}: ${maxQuick} failures in a row within ${quickMs / 1000} s of starting`);
      const delay = restartDelay(quickFailures, o.firstDelayMs, o.maxDelayMs);
      o.log(`${why}; starting it again in ${delay / 1000} s (restart ${restarts + 1})`);
      schedule(() => {
        if (stopped) return;
        restarts++;
        launch();
      }, delay);
    });
  };
  launch();
  return {
    current: () => child,
    stop: () => {
      stopped = true;
    },
    restarts: () => restarts,
  };
}

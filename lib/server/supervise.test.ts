// The supervisor of `npm start`'s children, with stand-in processes and a stand-in clock.
import { EventEmitter } from "node:events";
import type { ChildProcess } from "node:child_process";
import { describe, expect, it } from "vitest";
import { restartDelay, supervise } from "./supervise";

function harness(opts: { quickMs?: number; maxQuickFailures?: number } = {}) {
  let clock = 0;
  const started: EventEmitter[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const lines: string[] = [];
  const gaveUp: string[] = [];
  const s = supervise({
    name: "the job worker",
    start: () => {
      const c = new EventEmitter();
      started.push(c);
      return c as unknown as ChildProcess;
    },
    log: (l) => lines.push(l),
    giveUp: (w) => gaveUp.push(w),
    now: () => clock,
    schedule: (fn, ms) => timers.push({ fn, ms }),
    ...opts,
  });
  const exit = (afterMs: number, code: number | null = 1, signal: string | null = null) => {
    clock += afterMs;
    started.at(-1)!.emit("exit", code, signal);
  };
  const fire = () => timers.shift()!.fn();
  return { s, started, timers, lines, gaveUp, exit, fire };
}

describe("supervise", () => {
  it("restarts a child that died, with a log line saying why, backing off on quick failures", () => {
    const h = harness();
    h.exit(120_000, null, "SIGKILL"); // killed after two minutes (out of memory, kill -9)
    expect(h.lines).toEqual(["the job worker stopped (killed by SIGKILL) after 120.0 s; starting it again in 1 s (restart 1)"]);
    h.fire();
    expect(h.started).toHaveLength(2);
    h.exit(500); // dies at once: the pause doubles
    h.fire();
    h.exit(500);
    expect(h.timers.map((t) => t.ms)).toEqual([4000]);
    expect(h.lines.at(-1)).toBe("the job worker stopped (exit code 1) after 0.5 s; starting it again in 4 s (restart 3)");
    h.fire();
    h.exit(60_000); // ran a while: back to the shortest pause
    expect(h.timers.map((t) => t.ms)).toEqual([1000]);
    expect(h.s.restarts()).toBe(3);
    expect(h.gaveUp).toEqual([]);
  });

  it("gives up on a child that keeps failing at start, and never restarts after stop()", () => {
    const h = harness({ maxQuickFailures: 3 });
    for (let i = 0; i < 2; i++) {
      h.exit(100);
      h.fire();
    }
    h.exit(100);
    expect(h.gaveUp).toEqual(["the job worker stopped (exit code 1) after 0.1 s: 3 failures in a row within 10 s of starting"]);
    expect(h.timers).toHaveLength(0);

    const k = harness();
    k.exit(50_000);
    k.s.stop();
    k.fire();
    expect(k.started).toHaveLength(1);
  });

  it("pauses 1, 2, 4 … seconds, at most 30", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => restartDelay(n))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });
});

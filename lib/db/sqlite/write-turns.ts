// Fair turns at SQLite's write lock for the web processes of one server (node:cluster): see
// WriteGate in serial.ts. The primary keeps the queue (gatekeeper); each web process asks it
// for a turn before a write transaction (installWriteGate).
import type { Worker } from "node:cluster";
import { setWriteGate } from "./serial";

// Write turns (lib/db/sqlite/serial.ts WriteGate): a web process asks the primary for a turn
// before each SQLite write transaction and hands it back after; the primary grants them in
// arrival order, and takes back the turn of a process that dies holding it.
export type GateMessage = { gate: "enter" | "leave" | "granted"; id: number };

export function gatekeeper() {
  const queue: { worker: Worker; id: number }[] = [];
  let holder: { worker: Worker; id: number } | null = null;
  const next = () => {
    while (!holder && queue.length) {
      const turn = queue.shift()!;
      if (turn.worker.isDead()) continue;
      holder = turn;
      turn.worker.send({ gate: "granted", id: turn.id } satisfies GateMessage);
    }
  };
  return {
    message(worker: Worker, m: GateMessage) {
      if (m.gate === "enter") queue.push({ worker, id: m.id });
      else if (m.gate === "leave" && holder?.worker === worker && holder.id === m.id) holder = null;
      next();
    },
    exited(worker: Worker) {
      if (holder?.worker === worker) holder = null;
      next();
    },
  };
}

export function installWriteGate() {
  let ids = 0;
  const waiting = new Map<number, () => void>();
  process.on("message", (m: GateMessage) => {
    if (m?.gate === "granted") waiting.get(m.id)?.();
  });
  setWriteGate({
    enter: () =>
      new Promise((resolve) => {
        const id = ++ids;
        waiting.set(id, () => {
          waiting.delete(id);
          let left = false;
          resolve(() => {
            if (left) return;
            left = true;
            process.send?.({ gate: "leave", id } satisfies GateMessage);
          });
        });
        process.send?.({ gate: "enter", id } satisfies GateMessage);
      }),
  });
}

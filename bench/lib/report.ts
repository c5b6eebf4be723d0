// The text report of a load or crash run: outcomes per action, write and read latencies.
import { formatSummary, summarize } from "./stats";
import { OPS, type Outcome, type ReadSample, type WriteRecord } from "./workload";

const OUTCOMES: Outcome[] = ["ok", "conflict", "gone", "error", "unknown"];

export function outcomeTable(records: WriteRecord[]): string[] {
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  const lines = [`  ${"action".padEnd(8)}${OUTCOMES.map((o) => pad(o, 9)).join("")}${pad("total", 9)}`];
  for (const op of [...OPS, null]) {
    const rs = op ? records.filter((r) => r.op === op) : records;
    lines.push(`  ${(op ?? "all").padEnd(8)}${OUTCOMES.map((o) => pad(rs.filter((r) => r.outcome === o).length, 9)).join("")}${pad(rs.length, 9)}`);
  }
  return lines;
}

export function latencyLines(records: WriteRecord[], reads: ReadSample[]): string[] {
  // latency of the requests that got an answer (ok, conflict, gone, error)
  const answered = records.filter((r) => r.status > 0);
  const lines = [`  writes, all:     ${formatSummary(summarize(answered.map((r) => r.ms)))}`];
  for (const op of OPS) {
    const xs = answered.filter((r) => r.op === op).map((r) => r.ms);
    if (xs.length) lines.push(`    ${op.padEnd(14)} ${formatSummary(summarize(xs))}`);
  }
  const ok = answered.filter((r) => r.outcome === "ok").map((r) => r.ms);
  lines.push(`  writes, ok only: ${formatSummary(summarize(ok))}`);
  lines.push(`  reads, pair:     ${formatSummary(summarize(reads.filter((r) => r.kind === "pair").map((r) => r.ms)))}`);
  const rows = reads.filter((r) => r.kind === "rows");
  if (rows.length) lines.push(`  reads, rows:     ${formatSummary(summarize(rows.map((r) => r.ms)))}`);
  const index = reads.filter((r) => r.kind === "index");
  if (index.length) lines.push(`  reads, index:    ${formatSummary(summarize(index.map((r) => r.ms)))}`);
  return lines;
}

/** Write latency per part of the run: shows whether it drifts as the database grows. */
export function latencyOverTime(records: WriteRecord[], from: number, parts = 5): string[] {
  const answered = records.filter((r) => r.status > 0);
  if (!answered.length) return [];
  const end = Math.max(...answered.map((r) => r.at));
  const width = (end - from) / parts || 1;
  const lines: string[] = [];
  for (let k = 0; k < parts; k++) {
    const xs = answered.filter((r) => Math.min(parts - 1, Math.floor((r.at - from) / width)) === k).map((r) => r.ms);
    if (!xs.length) continue;
    const s = summarize(xs);
    lines.push(`  ${((k * width) / 1000).toFixed(0).padStart(5)}–${(((k + 1) * width) / 1000).toFixed(0).padEnd(5)} s: ${String(xs.length).padStart(5)} writes, p50 ${s.p50.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms`);
  }
  return lines;
}

/** The slowest requests with when they were sent: where the tail of the distribution comes from. */
export function slowestLines(records: WriteRecord[], reads: ReadSample[], from = 0, n = 5): string[] {
  const all = [
    ...records.filter((r) => r.status > 0).map((r) => ({ what: `${r.op} #${r.seq} (${r.outcome})`, ms: r.ms, at: r.at, editor: r.editor })),
    ...reads.map((r) => ({ what: `GET ${r.kind}`, ms: r.ms, at: r.at, editor: r.editor })),
  ].sort((a, b) => b.ms - a.ms);
  return all.slice(0, n).map((x) => `  ${x.ms.toFixed(0).padStart(6)} ms  ${x.what}, editor ${x.editor + 1}, sent ${((x.at - from) / 1000).toFixed(1)} s into the run`);
}

export function errorLines(records: WriteRecord[], max = 10): string[] {
  const errors = records.filter((r) => r.outcome === "error");
  const byMessage = new Map<string, number>();
  for (const r of errors) {
    const key = `${r.op} ${r.status}: ${(r.message ?? "").slice(0, 160)}`;
    byMessage.set(key, (byMessage.get(key) ?? 0) + 1);
  }
  return [...byMessage].slice(0, max).map(([k, n]) => `  ${n} × ${k}`);
}

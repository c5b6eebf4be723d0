/**
 * Speed benchmark: bible/006 (30,000 EN × 42,687 ZH, pre-split), parallel mode.
 * Runs the aligner in a child process (fresh: dictionary loading included) and reports
 * wall time and peak RSS (process.resourceUsage().maxRSS of the child).
 *
 *   npm run bench:speed [-- --zh FILE --en FILE --mode parallel|auto]
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const CORPORA = process.env.PARALLAX_CORPORA ?? path.resolve(__dirname, "../../shared/corpora");

function lines(file: string): string[] {
  const l = fs.readFileSync(file, "utf8").replace(/\r\n/g, "\n").split("\n");
  if (l.length && l[l.length - 1] === "") l.pop();
  return l;
}

if (process.argv.includes("--child")) {
  // child: do the work, print JSON
  const a = process.argv;
  const zhFile = a[a.indexOf("--zh") + 1];
  const enFile = a[a.indexOf("--en") + 1];
  const mode = a[a.indexOf("--mode") + 1] as "parallel" | "auto";
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { align } = require("../lib/alignment") as typeof import("../lib/alignment");
  const tLoad = performance.now();
  const zh = lines(zhFile).map((text) => ({ text }));
  const en = lines(enFile).map((text) => ({ text }));
  const stages: Record<string, number> = {};
  let last = performance.now();
  let lastStage = "start";
  const res = align(zh, en, {
    mode,
    onProgress: (_d, _t, stage) => {
      if (stage !== lastStage) {
        const now = performance.now();
        stages[lastStage] = (stages[lastStage] ?? 0) + Math.round(now - last);
        last = now;
        lastStage = stage;
      }
    },
  });
  const t1 = performance.now();
  const ru = process.resourceUsage();
  process.stdout.write(
    JSON.stringify({
      ms: Math.round(t1 - t0),
      importMs: Math.round(tLoad - t0),
      stages,
      beads: res.beads.length,
      mode: res.mode,
      anchors: res.stats.anchors,
      cells: res.stats.searchedCells,
      maxRssMB: Math.round(ru.maxRSS / 1024),
    }) + "\n",
  );
} else {
  const a = process.argv;
  const zhFile = a.includes("--zh") ? a[a.indexOf("--zh") + 1] : path.join(CORPORA, "bible/006.zh");
  const enFile = a.includes("--en") ? a[a.indexOf("--en") + 1] : path.join(CORPORA, "bible/006.en");
  const mode = a.includes("--mode") ? a[a.indexOf("--mode") + 1] : "parallel";
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", __filename, "--child", "--zh", zhFile, "--en", enFile, "--mode", mode],
    { encoding: "utf8", maxBuffer: 1 << 24 },
  );
  const wall = performance.now() - t0;
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exit(1);
  }
  const child = JSON.parse(r.stdout.trim().split("\n").pop()!);
  console.log(`input: ${path.basename(zhFile)} (${lines(zhFile).length} zh) × ${path.basename(enFile)} (${lines(enFile).length} en), mode=${child.mode}`);
  console.log(`machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model}, node ${process.version}`);
  console.log(`child wall time (process start → exit, incl. tsx + dictionary loading): ${(wall / 1000).toFixed(2)} s`);
  console.log(`align() incl. module import: ${(child.ms / 1000).toFixed(2)} s (import ${child.importMs} ms), stages ${JSON.stringify(child.stages)}`);
  console.log(`peak RSS (child maxRSS): ${child.maxRssMB} MB; beads ${child.beads}; anchors ${child.anchors}; searched cells ${child.cells}`);
  const ok = wall <= 10_000 && child.maxRssMB <= 1024;
  console.log(ok ? "within target (≤ 10 s, ≤ 1 GB)" : "OVER target (≤ 10 s, ≤ 1 GB)");
}

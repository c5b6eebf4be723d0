/**
 * Speed benchmark: bible/006 (30,000 EN × 42,687 ZH, pre-split), parallel mode.
 * Runs the aligner in a child process (fresh: dictionary loading included) and reports
 * wall time and peak RSS (process.resourceUsage().maxRSS of the child).
 *
 * Each run is done twice: cold (fresh empty lexicon cache dir → the CC-CEDICT lexicon is
 * built and cached) and warm (same dir → the cache file is loaded).
 *
 *   npm run bench:speed [-- --zh FILE --en FILE --mode parallel|auto --runs N --no-confidence]
 * (--no-confidence: align without the confidence stage, Bead.confidence left null; with
 * PARALLAX_THREADS=0 in the environment the English side is prepared without a second thread)
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { corporaDir, requireCorpora } from "../tests/corpora";

const CORPORA = corporaDir();

function lines(file: string): string[] {
  const l = fs.readFileSync(file, "utf8").replace(/\r\n/g, "\n").split("\n");
  if (l.length && l[l.length - 1] === "") l.pop();
  return l;
}

/**
 * CPU time of this process's main thread (Linux /proc; null elsewhere): with a second thread the
 * process's CPU time counts both, while the main thread's is the part the run waits for.
 */
function mainThreadCpuMs(): number | null {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Math.round(((Number(f[11]) + Number(f[12])) * 1000) / 100);
  } catch {
    return null;
  }
}

if (process.argv.includes("--child")) {
  // child: do the work, print JSON
  const a = process.argv;
  const zhFile = a[a.indexOf("--zh") + 1];
  const enFile = a[a.indexOf("--en") + 1];
  const mode = a[a.indexOf("--mode") + 1] as "parallel" | "auto";
  const confidence = !a.includes("--no-confidence");
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
    confidence,
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
  const cpu = process.cpuUsage();
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
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      mainCpuMs: mainThreadCpuMs(),
    }) + "\n",
  );
} else {
  const a = process.argv;
  const zhFile = a.includes("--zh") ? a[a.indexOf("--zh") + 1] : path.join(CORPORA, "bible/006.zh");
  const enFile = a.includes("--en") ? a[a.indexOf("--en") + 1] : path.join(CORPORA, "bible/006.en");
  if (!a.includes("--zh") || !a.includes("--en")) requireCorpora("bible");
  const mode = a.includes("--mode") ? a[a.indexOf("--mode") + 1] : "parallel";
  const runs = a.includes("--runs") ? Math.max(1, Number(a[a.indexOf("--runs") + 1])) : 1;
  // Cold = no lexicon cache (a fresh, empty cache dir: the CC-CEDICT lexicon is built and
  // written); warm = the same dir again (the cache file is loaded). Both include tsx startup.
  const runChild = (cacheDir: string) => {
    const t0 = performance.now();
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", __filename, "--child", "--zh", zhFile, "--en", enFile, "--mode", mode, ...(a.includes("--no-confidence") ? ["--no-confidence"] : [])],
      { encoding: "utf8", maxBuffer: 1 << 24, env: { ...process.env, PARALLAX_CACHE_DIR: cacheDir } },
    );
    const wall = performance.now() - t0;
    if (r.status !== 0) {
      process.stderr.write(r.stderr);
      process.exit(1);
    }
    return { wall, child: JSON.parse(r.stdout.trim().split("\n").pop()!) };
  };
  console.log(`input: ${path.basename(zhFile)} (${lines(zhFile).length} zh) × ${path.basename(enFile)} (${lines(enFile).length} en), mode=${mode}, confidence ${a.includes("--no-confidence") ? "off" : "on"}`);
  console.log(`machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model}, node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  type Run = ReturnType<typeof runChild>;
  const results: Record<"cold" | "warm", Run[]> = { cold: [], warm: [] };
  for (let k = 0; k < runs; k++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parallax-bench-cache-"));
    try {
      for (const kind of ["cold", "warm"] as const) {
        const r = runChild(dir);
        results[kind].push(r);
        const c = r.child;
        console.log(
          `${kind} #${k + 1}: wall ${(r.wall / 1000).toFixed(2)} s (process start → exit, incl. tsx + dictionary), ` +
            `align() incl. import ${(c.ms / 1000).toFixed(2)} s, CPU ${(c.cpuMs / 1000).toFixed(2)} s (main thread ${c.mainCpuMs === null ? "?" : (c.mainCpuMs / 1000).toFixed(2)} s), peak RSS ${c.maxRssMB} MB, stages ${JSON.stringify(c.stages)}`,
        );
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
  let ok = true;
  for (const kind of ["cold", "warm"] as const) {
    const rs = results[kind];
    const wall = median(rs.map((r) => r.wall));
    const rss = median(rs.map((r) => r.child.maxRssMB));
    const c = rs[0].child;
    console.log(
      `${kind}: median of ${rs.length}: wall ${(wall / 1000).toFixed(2)} s, peak RSS ${rss} MB; beads ${c.beads}; anchors ${c.anchors}; searched cells ${c.cells}`,
    );
    // issue 13: warm ≤ 8 s (cold builds the lexicon cache, once per install), ≤ 800 MB both
    ok &&= (kind === "cold" || wall <= 8_000) && rss <= 800;
  }
  console.log(`load average after: ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  console.log(ok ? "within target (warm ≤ 8 s, ≤ 800 MB)" : "OVER target (warm ≤ 8 s, ≤ 800 MB)");
}

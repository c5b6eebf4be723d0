// `npm run worker -- [--id NAME] [--until-idle] [--concurrency N] [--grace SECONDS] [--quiet]`:
// a job worker process on the configured database (DATABASE_URL). Several may run at once,
// on one machine or several sharing a PostgreSQL database: on PostgreSQL the queue is pg-boss
// (its `pgboss` schema is installed in the same database by the first worker), so a machine
// joins the queue with nothing but DATABASE_URL (and, for exports written to disk and
// uploaded imports, PARALLAX_EXPORT_DIR / PARALLAX_IMPORT_DIR on storage all machines share).
// SIGTERM / SIGINT / SIGHUP, or the parent process exiting: take no new job; the current one
// may finish for --grace seconds (default 30; `npm start` gives its worker 2), then it is given
// back to the queue for another worker. A second signal releases it at once.
import os from "node:os";
import { parseArgs } from "node:util";
import { ConfigError } from "../db/config";
import { CliError } from "./common";
import { whenParentExits } from "../server/lifecycle";

async function main() {
  const usage = "usage: npm run worker -- [--id NAME] [--until-idle] [--concurrency N] [--grace SECONDS] [--quiet]";
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        id: { type: "string" },
        "until-idle": { type: "boolean" },
        concurrency: { type: "string" },
        grace: { type: "string" },
        quiet: { type: "boolean" },
        help: { type: "boolean" },
      },
      strict: true,
    }));
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${usage}`);
  }
  if (values.help) throw new CliError(usage, 0);
  const concurrency = values.concurrency === undefined ? 1 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) throw new CliError("--concurrency takes a whole number from 1 to 16");
  const grace = values.grace === undefined ? 30 : Number(values.grace);
  if (!(grace >= 0)) throw new CliError("--grace takes a number of seconds (0 or more)");

  const { getDb } = await import("../db/client");
  const { runWorkers } = await import("../jobs/worker");
  const { stopAlignThreads } = await import("../jobs/align-thread");
  const db = getDb();
  const stop = new AbortController();
  const release = new AbortController();
  const log = values.quiet ? () => {} : (m: string) => console.log(`[worker${values.id ? ` ${values.id}` : ""}] ${m}`);
  let firstSignalAt = 0;
  const onStop = (why: string) => {
    if (!stop.signal.aborted) {
      firstSignalAt = Date.now();
      log(`${why}: finishing the current job (up to ${grace} s), then stopping`);
      stop.abort();
    } else if (Date.now() - firstSignalAt > 1000) {
      // Ctrl-C reaches the whole process group and `npm start` forwards it too: a signal
      // right after the first is the same request, not an impatient second one.
      log(`${why} again: releasing the current job now`);
      release.abort();
    }
  };
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => onStop(sig));
  // Whoever started this worker (npm start, or npm's shell for `npm run worker`) is gone: stop
  // as on SIGTERM rather than work on unsupervised.
  whenParentExits(() => onStop("the parent process is gone"));
  const processed = await runWorkers(db, {
    // The claim id must be unique across machines even if two workers are given the same --id.
    workerId: values.id ? `${values.id}@${os.hostname()}:${process.pid}` : undefined,
    concurrency,
    untilIdle: values["until-idle"],
    signal: stop.signal,
    releaseSignal: release.signal,
    graceMs: grace * 1000,
    log,
  });
  // CPU of the whole process (all threads: the alignment runs in worker threads), for benchmarks.
  const ru = process.resourceUsage();
  log(
    `stopped after ${processed} job(s); cpu ${(ru.userCPUTime / 1e6).toFixed(2)} s user + ${(ru.systemCPUTime / 1e6).toFixed(2)} s system; peak RSS ${Math.round(ru.maxRSS / 1024)} MB`,
  );
  await stopAlignThreads();
  await db.$disconnect();
}

main().catch((err) => {
  if (err instanceof CliError && err.exitCode === 0) {
    console.log(err.message);
    process.exit(0);
  }
  const known = err instanceof ConfigError || err instanceof CliError;
  console.error(`[worker] error: ${known ? err.message : (err as Error).stack}`);
  process.exit(err instanceof CliError ? err.exitCode : 1);
});

// `npm run worker`: a job worker process on the configured database.
import { ConfigError } from "../db/config";

async function main() {
  const { getDb } = await import("../db/client");
  const { runWorker } = await import("../jobs/worker");
  const controller = new AbortController();
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => controller.abort());
  await runWorker(getDb(), {
    signal: controller.signal,
    untilIdle: process.argv.includes("--until-idle"),
    log: (m) => console.log(`[worker] ${m}`),
  });
}

main().catch((err) => {
  console.error(`[worker] error: ${err instanceof ConfigError ? err.message : (err as Error).stack}`);
  process.exit(1);
});

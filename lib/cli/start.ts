// `npm start`: prepare the database (create, migrate, load the demo when empty), build
// the app when sources changed, then serve it. Configuration errors end with one line.
//
// Stopping: SIGTERM, SIGINT (Ctrl-C) or SIGHUP, or losing the parent process (npm passes its
// SIGTERM to the shell running this script, which exits without passing it on), stops
// everything: the web server and the job worker get SIGTERM and a few seconds (the worker
// gives an unfinished job back to the queue), whatever is still running after
// STOP_TIMEOUT_MS is killed, and then this process exits.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { ConfigError, PROJECT_ROOT, databaseKind, databaseUrl } from "../db/config";
import { WORKER_NODE_ARGS } from "../jobs/limits";
import { whenParentExits } from "../server/lifecycle";
import { supervise, type Supervised } from "../server/supervise";

const root = PROJECT_ROOT;
const nextDir = process.env.PARALLAX_NEXT_DIR || ".next";
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const tsxCli = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");

/** How long the web server and the worker may take to stop before they are killed. */
const STOP_TIMEOUT_MS = 6_000;
/** The worker's share of that: an unfinished job is given back to the queue after it. */
const WORKER_GRACE_S = 2;

/** Whether `npm start` runs a job worker beside the web server (PARALLAX_WORKER, default 1). */
function builtInWorker(env = process.env.PARALLAX_WORKER): boolean {
  if (env === undefined || env === "" || env === "1") return true;
  if (env === "0") return false;
  throw new ConfigError(`PARALLAX_WORKER must be 0 or 1, not "${env}"`);
}

function log(msg: string) {
  console.log(`[parallax] ${msg}`);
}

// Every process started here (the build, then the web server and the worker), so that a stop
// reaches them whenever it comes.
const children = new Set<ChildProcess>();
let stopping = false;

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** The web server and the worker, restarted when they die until a stop. */
const supervised: Supervised[] = [];

const running = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;

/** Stops the children (SIGTERM, then SIGKILL after STOP_TIMEOUT_MS) and exits with `code`. */
function stopAll(why: string, code = 0) {
  if (stopping) return;
  stopping = true;
  for (const s of supervised) s.stop();
  const left = [...children].filter(running);
  if (why) log(`${why}: stopping${left.length ? "" : " now"}`);
  if (!left.length) process.exit(code);
  for (const c of left) c.kill("SIGTERM");
  const timer = setTimeout(() => {
    for (const c of left.filter(running)) {
      log(`process ${c.pid} did not stop within ${STOP_TIMEOUT_MS / 1000} s: killing it`);
      c.kill("SIGKILL");
    }
  }, STOP_TIMEOUT_MS);
  void Promise.all(left.map((c) => (running(c) ? new Promise((r) => c.once("exit", r)) : null))).then(() => {
    clearTimeout(timer);
    process.exit(code);
  });
}

let lastSignalAt = 0;
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(sig, () => {
    const now = Date.now();
    // Ctrl-C reaches every process of the terminal's group and npm passes it on as well: a
    // signal right after the first is the same request. A later one is passed on to the
    // children (the worker then gives its job back at once instead of after its grace).
    if (stopping && now - lastSignalAt > 1000) for (const c of children) if (running(c)) c.kill(sig === "SIGINT" ? "SIGINT" : "SIGTERM");
    lastSignalAt = now;
    stopAll(sig);
  });
}
whenParentExits(() => stopAll("the parent process (npm) exited"));

function fail(msg: string): never {
  console.error(`[parallax] error: ${msg}`);
  process.exit(1);
}

function parsePort(): number {
  const raw = process.env.PORT ?? "3000";
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError(`PORT must be a number from 1 to 65535, got "${raw}"`);
  return port;
}

function checkPortFree(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", (err: NodeJS.ErrnoException) => {
      reject(
        new ConfigError(
          err.code === "EADDRINUSE"
            ? `port ${port} is already in use: stop the other server or set PORT to a free port`
            : `cannot listen on port ${port}: ${err.message}`,
        ),
      );
    });
    srv.listen(port, host, () => srv.close(() => resolve()));
  });
}

/** The Prisma clients are generated at install; regenerate when missing or older than the schema. */
function ensurePrismaClient() {
  const schema = path.join(root, "prisma", "schema.prisma");
  const clients = [path.join(root, "generated", "prisma", "client.ts"), path.join(root, "generated", "postgresql", "client", "client.ts")];
  if (clients.every((c) => fs.existsSync(c) && fs.statSync(c).mtimeMs >= fs.statSync(schema).mtimeMs)) return;
  log("generating the Prisma clients");
  const r = spawnSync(process.execPath, [tsxCli, path.join(root, "tools", "generate-clients.ts")], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  if (r.status !== 0) fail("generating the Prisma clients failed (see above)");
}

const BUILD_INPUTS = ["app", "lib", "seeds", "proxy.ts", "prisma/schema.prisma", "next.config.mjs", "tsconfig.json", "package-lock.json"];

/** A fingerprint of what the production build depends on, to rebuild only when needed. */
function sourceFingerprint(): string {
  const hash = crypto.createHash("sha1");
  const walk = (p: string) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) {
        if (name === "node_modules" || name.startsWith(".")) continue;
        walk(path.join(p, name));
      }
    } else if (!/\.test\.tsx?$/.test(p)) {
      hash.update(`${path.relative(root, p)}:${st.size}:${st.mtimeMs}\n`);
    }
  };
  for (const input of BUILD_INPUTS) walk(path.join(root, input));
  return hash.digest("hex");
}

async function ensureBuild() {
  const stamp = path.join(root, nextDir, "parallax-build-fingerprint");
  const fingerprint = sourceFingerprint();
  const built = fs.existsSync(path.join(root, nextDir, "BUILD_ID")) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === fingerprint;
  if (built) return;
  log("building the app (first start or sources changed; a minute or two)…");
  // Not spawnSync: a stop request during the build must be heard, and stops the build too.
  const build = track(
    spawn(process.execPath, [nextBin, "build"], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    }),
  );
  const code = await new Promise<number | null>((resolve) => build.once("exit", (c) => resolve(c)));
  if (stopping) return new Promise<never>(() => {}); // stopAll exits once the build is gone
  if (code !== 0) fail("the production build failed (see above)");
  // Taken again after the build: `next build` may touch inputs itself (tsconfig.json, next-env.d.ts).
  fs.writeFileSync(stamp, sourceFingerprint());
}

async function main() {
  const port = parsePort();
  const withWorker = builtInWorker();
  const host = process.env.HOST ?? "0.0.0.0";
  const url = databaseUrl();
  const kind = databaseKind(url);
  await checkPortFree(port, host);
  ensurePrismaClient();

  const { migrate, describePostgres } = await import("../db/migrate");
  const applied = await migrate(url);
  if (applied.length) log(`database ${kind === "sqlite" ? url.slice(5) : describePostgres(url)}: applied ${applied.length} migration(s)`);

  const { getDb } = await import("../db/client");
  const { loadDemoProject } = await import("../../seeds/load-demo");
  const db = getDb();
  if ((await db.project.count()) === 0) {
    log("empty database: loading the demo project");
    const { projectId } = await loadDemoProject(db);
    log(`demo project loaded (project ${projectId})`);
  }
  // Accounts: the secret that signs sessions is BETTER_AUTH_SECRET, else one made once and
  // kept in the database so that every instance on it agrees (there is no default secret).
  const { ensureAuthSecret } = await import("../db/settings");
  const { needsFirstAccount } = await import("../db/users");
  const { AuthConfigError, localOrigins, publicUrl, trustedOrigins } = await import("../auth/config");
  const givenSecret = process.env.BETTER_AUTH_SECRET?.trim();
  if (givenSecret && givenSecret.length < 32) throw new ConfigError("BETTER_AUTH_SECRET must be at least 32 characters (openssl rand -base64 32)");
  const authSecret = givenSecret || (await ensureAuthSecret(db));
  const firstAccount = await needsFirstAccount(db);
  await db.$disconnect();
  let appUrl: string;
  let origins: string[];
  try {
    appUrl = publicUrl({ ...process.env, PORT: String(port) });
    origins = [...new Set([...trustedOrigins({ ...process.env, PORT: String(port) }), ...localOrigins(host, port)])];
  } catch (err) {
    if (err instanceof AuthConfigError) throw new ConfigError(err.message);
    throw err;
  }

  await ensureBuild();
  if (stopping) return;

  const env = {
    ...process.env,
    DATABASE_URL: url,
    NEXT_TELEMETRY_DISABLED: "1",
    BETTER_AUTH_SECRET: authSecret,
    BETTER_AUTH_URL: appUrl,
    PARALLAX_TRUSTED_ORIGINS: origins.join(","),
  };
  // Our own server around Next.js's handler (lib/server/serve.ts): it sets X-Forwarded-For from
  // the connection, which the sign-in rate limits depend on.
  // PARALLAX_SERVER_NODE_ARGS: extra node flags for the web server only (e.g. --cpu-prof when profiling).
  const serverArgs = (process.env.PARALLAX_SERVER_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
  const startServer = () =>
    track(
      spawn(process.execPath, [...serverArgs, "--import", "tsx", path.join(root, "lib", "server", "serve.ts")], {
        cwd: root,
        stdio: "inherit",
        env: { ...env, PORT: String(port), HOST: host, NODE_ENV: "production" },
      }),
    );
  // The job worker (alignment and other long work) runs beside the web server.
  // Loaded with `--import tsx`, not through the tsx CLI: the CLI's wrapper process SIGKILLs its
  // child when it does not acknowledge a SIGTERM within 30 ms, which a worker busy saving a
  // long alignment cannot do, so its graceful stop (finish or release the job) never ran.
  // On a stop it has WORKER_GRACE_S to finish its job, then gives it back to the queue. Its heap
  // is capped (lib/jobs/limits.ts) so that it stays within its memory budget.
  const startWorker = () =>
    track(spawn(process.execPath, [...WORKER_NODE_ARGS, "--import", "tsx", path.join(root, "lib", "cli", "worker.ts"), "--grace", String(WORKER_GRACE_S)], { cwd: root, stdio: "inherit", env }));
  // Either one dying on its own is started again (lib/server/supervise.ts): the server never stops
  // because one child died. One that keeps failing as it starts stops everything with the reason.
  const giveUp = (why: string) => stopAll(`${why}; giving up`, 1);
  supervised.push(supervise({ name: "the web server", start: startServer, log, giveUp }));
  // PARALLAX_WORKER=0: this machine serves only; workers run elsewhere (`npm run worker`).
  if (withWorker) supervised.push(supervise({ name: "the job worker", start: startWorker, log, giveUp }));
  else log("no job worker here (PARALLAX_WORKER=0): jobs wait for a worker started elsewhere with npm run worker");
  log(`serving on http://localhost:${port}`);
  if (firstAccount) log(`no account yet: open ${appUrl}/sign-up to create the first one (it becomes the administrator)`);
}

main().catch((err) => {
  if (err instanceof ConfigError) fail(err.message);
  console.error(err);
  fail(`start failed: ${(err as Error).message}`);
});

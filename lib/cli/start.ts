// `npm start`: prepare the database (create, migrate, load the demo when empty), build
// the app when sources changed, then serve it. Configuration errors end with one line.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { ConfigError, PROJECT_ROOT, databaseKind, databaseUrl } from "../db/config";

const root = PROJECT_ROOT;
const nextDir = process.env.PARALLAX_NEXT_DIR || ".next";
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const tsxCli = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");

function log(msg: string) {
  console.log(`[parallax] ${msg}`);
}

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
  const r = spawnSync(process.execPath, [tsxCli, path.join(root, "lib", "cli", "generate-clients.ts")], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
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

function ensureBuild() {
  const stamp = path.join(root, nextDir, "parallax-build-fingerprint");
  const fingerprint = sourceFingerprint();
  const built = fs.existsSync(path.join(root, nextDir, "BUILD_ID")) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === fingerprint;
  if (built) return;
  log("building the app (first start or sources changed)…");
  const r = spawnSync(process.execPath, [nextBin, "build"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) fail("the production build failed (see above)");
  // Taken again after the build: `next build` may touch inputs itself (tsconfig.json, next-env.d.ts).
  fs.writeFileSync(stamp, sourceFingerprint());
}

async function main() {
  const port = parsePort();
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

  ensureBuild();

  const env = {
    ...process.env,
    DATABASE_URL: url,
    NEXT_TELEMETRY_DISABLED: "1",
    BETTER_AUTH_SECRET: authSecret,
    BETTER_AUTH_URL: appUrl,
    PARALLAX_TRUSTED_ORIGINS: origins.join(","),
  };
  // Our own server around Next.js's handler (lib/cli/serve.ts): it sets X-Forwarded-For from
  // the connection, which the sign-in rate limits depend on.
  // PARALLAX_SERVER_NODE_ARGS: extra node flags for the web server only (e.g. --cpu-prof when profiling).
  const serverArgs = (process.env.PARALLAX_SERVER_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
  const server = spawn(process.execPath, [...serverArgs, "--import", "tsx", path.join(root, "lib", "cli", "serve.ts")], {
    cwd: root,
    stdio: "inherit",
    env: { ...env, PORT: String(port), HOST: host, NODE_ENV: "production" },
  });
  // The job worker (alignment and other long work) runs beside the web server.
  // Loaded with `--import tsx`, not through the tsx CLI: the CLI's wrapper process SIGKILLs its
  // child when it does not acknowledge a SIGTERM within 30 ms, which a worker busy saving a
  // long alignment cannot do, so its graceful stop (finish or release the job) never ran.
  const worker = spawn(process.execPath, ["--import", "tsx", path.join(root, "lib", "cli", "worker.ts")], { cwd: root, stdio: "inherit", env });
  log(`serving on http://localhost:${port}`);
  if (firstAccount) log(`no account yet: open ${appUrl}/sign-up to create the first one (it becomes the administrator)`);
  const children = [server, worker];
  const stop = (sig: NodeJS.Signals) => children.forEach((c) => c.exitCode === null && c.kill(sig));
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  server.on("exit", (code, signal) => {
    stop("SIGTERM");
    process.exit(code ?? (signal ? 0 : 1));
  });
  worker.on("exit", (code) => {
    if (code) {
      console.error(`[parallax] the job worker stopped (code ${code}); stopping the server`);
      stop("SIGTERM");
    }
  });
}

main().catch((err) => {
  if (err instanceof ConfigError) fail(err.message);
  console.error(err);
  fail(`start failed: ${(err as Error).message}`);
});

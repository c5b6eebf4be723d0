// `npm start`: prepare the database (create, migrate, load the demo when empty), build
// the app when sources changed, then serve it. Configuration errors end with one line.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { ConfigError, PROJECT_ROOT, databaseKind, databaseUrl } from "../db/config";

const root = PROJECT_ROOT;
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const tsxCli = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
const prismaBin = path.join(root, "node_modules", "prisma", "build", "index.js");

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

/** The Prisma client is generated at install; regenerate when missing or older than the schema. */
function ensurePrismaClient() {
  const schema = path.join(root, "prisma", "schema.prisma");
  const client = path.join(root, "generated", "prisma", "client.ts");
  if (fs.existsSync(client) && fs.statSync(client).mtimeMs >= fs.statSync(schema).mtimeMs) return;
  log("generating the Prisma client");
  const r = spawnSync(process.execPath, [prismaBin, "generate"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  if (r.status !== 0) fail("prisma generate failed (see above)");
}

const BUILD_INPUTS = ["app", "lib", "seeds", "prisma/schema.prisma", "next.config.mjs", "tsconfig.json", "package-lock.json"];

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
  const stamp = path.join(root, ".next", "parallax-build-fingerprint");
  const fingerprint = sourceFingerprint();
  const built = fs.existsSync(path.join(root, ".next", "BUILD_ID")) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === fingerprint;
  if (built) return;
  log("building the app (first start or sources changed)…");
  const r = spawnSync(process.execPath, [nextBin, "build"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) fail("the production build failed (see above)");
  fs.writeFileSync(stamp, fingerprint);
}

async function main() {
  const port = parsePort();
  const host = process.env.HOST ?? "0.0.0.0";
  const url = databaseUrl();
  const kind = databaseKind(url);
  await checkPortFree(port, host);
  ensurePrismaClient();

  const { migrate } = await import("../db/migrate");
  const applied = migrate(url);
  if (applied.length) log(`database ${kind === "sqlite" ? url.slice(5) : "(PostgreSQL)"}: applied ${applied.length} migration(s)`);

  const { getDb } = await import("../db/client");
  const { loadDemoProject } = await import("../../seeds/load-demo");
  const db = getDb();
  if ((await db.project.count()) === 0) {
    log("empty database: loading the demo project");
    const { projectId } = await loadDemoProject(db);
    log(`demo project loaded (project ${projectId})`);
  }
  await db.$disconnect();

  ensureBuild();

  const env = { ...process.env, DATABASE_URL: url, NEXT_TELEMETRY_DISABLED: "1" };
  const server = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", host], { cwd: root, stdio: "inherit", env });
  // The job worker (alignment and other long work) runs beside the web server.
  const worker = spawn(process.execPath, [tsxCli, path.join(root, "lib", "cli", "worker.ts")], { cwd: root, stdio: "inherit", env });
  log(`serving on http://localhost:${port}`);
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

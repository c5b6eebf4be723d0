// Starts the real app the way a user does (`npm start`: migrate, seed, build if needed,
// serve) on a free port with a throw-away database — SQLite, or PostgreSQL in the PostgreSQL
// pass of `npm test` (PARALLAX_TEST_DATABASE=postgresql) — and stops it afterwards.
// On that fresh installation it checks the first-account prompt, then signs up the first
// (administrator) account through the real endpoint and saves its session for the specs
// (e2e/.auth/admin-PID.json, playwright.config.ts's default storageState).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { request } from "@playwright/test";
import { ADMIN, ADMIN_STATE } from "./users";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, ms: number, alive: () => boolean) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error("the app exited before it was ready (see its output above)");
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the app did not answer at ${url} within ${ms / 1000}s`);
}

/** A fresh migrated PostgreSQL database (tests/db/pg-test-database.mjs), or a SQLite file in dir. */
function e2eDatabaseUrl(root: string, dir: string): string {
  if (process.env.PARALLAX_TEST_DATABASE !== "postgresql") return `file:${path.join(dir, "e2e.db")}`;
  const r = spawnSync(process.execPath, [path.join(root, "tests", "db", "pg-test-database.mjs"), "create"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr.trim() || "could not create the PostgreSQL database for the browser tests");
  return r.stdout.trim();
}

function dropPostgres(root: string, url: string) {
  if (!url.startsWith("postgres")) return;
  const name = new URL(url).pathname.slice(1);
  const admin = process.env.PARALLAX_TEST_PG_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  spawnSync(process.execPath, ["-e", `const pg=require("pg");const c=new pg.Client(${JSON.stringify(admin)});c.connect().then(()=>c.query('DROP DATABASE IF EXISTS "${name}" WITH (FORCE)')).finally(()=>c.end())`], { cwd: root });
}

export default async function globalSetup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parallax-e2e-"));
  const port = await freePort();
  const root = path.resolve(__dirname, "..");
  const databaseUrl = e2eDatabaseUrl(root, dir);
  const child = spawn(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "lib/cli/start.ts"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    process.stdout.write(chunk);
  });
  let exited = false;
  child.on("exit", () => (exited = true));
  const baseURL = `http://127.0.0.1:${port}`;
  await waitFor(baseURL, 600_000, () => !exited);
  process.env.PARALLAX_E2E_URL = baseURL;
  // Specs that read the database directly (or start a second app instance on it) use these.
  process.env.PARALLAX_E2E_DB = path.join(dir, "e2e.db");
  process.env.PARALLAX_E2E_DATABASE_URL = databaseUrl;

  // A fresh installation says how to get in, and every page leads to the first account.
  if (!/no account yet: open \S+\/sign-up to create the first one \(it becomes the administrator\)/.test(output)) {
    throw new Error("npm start did not print how to create the first account");
  }
  const first = await fetch(`${baseURL}/`, { redirect: "manual" });
  if (first.status < 300 || first.status >= 400 || !first.headers.get("location")?.endsWith("/sign-up")) {
    throw new Error(`the first visit should redirect to /sign-up, got ${first.status} ${first.headers.get("location")}`);
  }
  const api = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  const signUp = await api.post("/api/auth/sign-up/email", { data: ADMIN });
  if (!signUp.ok()) throw new Error(`signing up the first account failed: ${signUp.status()} ${await signUp.text()}`);
  fs.mkdirSync(path.dirname(ADMIN_STATE), { recursive: true });
  await api.storageState({ path: ADMIN_STATE });
  await api.dispose();
  process.env.PARALLAX_E2E_ADMIN_NAME = ADMIN.name;
  process.env.PARALLAX_E2E_ADMIN_EMAIL = ADMIN.email;
  process.env.PARALLAX_E2E_ADMIN_PASSWORD = ADMIN.password;

  return async () => {
    if (!exited && child.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
    }
    await new Promise((r) => setTimeout(r, 500));
    dropPostgres(root, databaseUrl);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(ADMIN_STATE, { force: true });
  };
}

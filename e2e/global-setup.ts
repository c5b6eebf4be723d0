// Starts the real app the way a user does (`npm start`: migrate, seed, build if needed,
// serve) on a free port with a throw-away SQLite database; stops it afterwards.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

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

export default async function globalSetup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parallax-e2e-"));
  const port = await freePort();
  const root = path.resolve(__dirname, "..");
  const child = spawn(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "lib/cli/start.ts"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: `file:${path.join(dir, "e2e.db")}` },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  let exited = false;
  child.on("exit", () => (exited = true));
  const baseURL = `http://127.0.0.1:${port}`;
  await waitFor(baseURL, 600_000, () => !exited);
  process.env.PARALLAX_E2E_URL = baseURL;
  process.env.PARALLAX_E2E_DB = path.join(dir, "e2e.db");

  return async () => {
    if (!exited && child.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

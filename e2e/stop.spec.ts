// `npm start` stops the usual way: SIGTERM to the npm process — what a process manager or a
// container runtime sends — stops the web processes and the job worker within seconds, frees
// the port and leaves no process behind. (npm passes the signal to the shell that runs the
// script, which exits without passing it on: start.ts notices that its parent is gone.)
// Its own throw-away database (PostgreSQL in the PostgreSQL pass); the build global-setup made
// is current, so this start only migrates, loads the demo and serves.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

const root = path.resolve(__dirname, "..");

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

/** Whether something can listen on the port again. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

interface Proc {
  pid: number;
  ppid: number;
  /** Start time in clock ticks since boot: with the pid, it names one process (pids are reused). */
  start: string;
  zombie: boolean;
  cmd: string;
}

function processes(): Map<number, Proc> {
  const all = new Map<number, Proc>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const cmd = fs.readFileSync(`/proc/${name}/cmdline`, "utf8").replace(/\0/g, " ").trim();
      all.set(Number(name), { pid: Number(name), ppid: Number(f[1]), start: f[19], zombie: f[0] === "Z", cmd });
    } catch {
      /* gone meanwhile */
    }
  }
  return all;
}

/** The process and all its descendants. */
function processTree(pid: number): Proc[] {
  const all = processes();
  const tree = all.has(pid) ? [all.get(pid)!] : [];
  for (let i = 0; i < tree.length; i++) for (const p of all.values()) if (p.ppid === tree[i].pid) tree.push(p);
  return tree;
}

/** Those of `procs` still running (the same pid and start time, not a zombie). */
function stillRunning(procs: Proc[]): Proc[] {
  const all = processes();
  return procs.filter((p) => {
    const now = all.get(p.pid);
    return now && now.start === p.start && !now.zombie;
  });
}

test("SIGTERM to the `npm start` process stops the web server and the worker: the port is free, no process is left", async () => {
  test.skip(process.platform !== "linux", "reads the process tree from /proc, which only Linux has");
  test.setTimeout(300_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parallax-stop-"));
  const port = await freePort();
  let databaseUrl = `file:${path.join(dir, "stop.db")}`;
  if (process.env.PARALLAX_TEST_DATABASE === "postgresql") {
    const r = spawnSync(process.execPath, [path.join(root, "tests", "db", "pg-test-database.mjs"), "create"], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr.trim() || "could not create a PostgreSQL database");
    databaseUrl = r.stdout.trim();
  }
  // npm itself, as a user or a process manager runs it (npm_execpath when the tests run under npm).
  const npmCli = process.env.npm_execpath;
  const [cmd, args] = npmCli && fs.existsSync(npmCli) ? [process.execPath, [npmCli, "start"]] : ["npm", ["start"]];
  const npm = spawn(cmd, args, {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so that the cleanup below can reach whatever a failure leaves.
    detached: true,
  });
  let output = "";
  npm.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  npm.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  let tree: Proc[] = [];
  try {
    const deadline = Date.now() + 240_000;
    for (;;) {
      if (npm.exitCode !== null || npm.signalCode !== null) throw new Error(`npm start exited before it served:\n${output}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/sign-in`, { redirect: "manual" })).status < 500) break;
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) throw new Error(`npm start did not serve within 4 minutes:\n${output}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    // Serving: npm, its shell, start.ts, the web server (and its web processes), the worker.
    await expect.poll(() => processTree(npm.pid!).filter((p) => /lib\/(server\/serve|cli\/worker)\.ts/.test(p.cmd)).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    tree = processTree(npm.pid!);
    expect(tree.some((p) => p.cmd.includes("lib/cli/worker.ts")), tree.map((p) => p.cmd).join("\n")).toBe(true);

    const t0 = Date.now();
    process.kill(npm.pid!, "SIGTERM");
    for (;;) {
      const left = stillRunning(tree);
      if (!left.length && (await portFree(port))) break;
      if (Date.now() - t0 > 10_000) {
        throw new Error(`10 s after SIGTERM to npm: port ${port} ${(await portFree(port)) ? "free" : "still in use"}; still running:\n${left.map((p) => `${p.pid} ${p.cmd}`).join("\n")}\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const tookMs = Date.now() - t0;
    console.log(`npm start (${tree.length} processes) stopped ${tookMs} ms after SIGTERM`);
    // The worker stopped the way it should (a job in hand would have gone back to the queue).
    await expect.poll(() => output).toContain("[worker] stopped after");
  } finally {
    for (const p of stillRunning(tree)) process.kill(p.pid, "SIGKILL");
    try {
      process.kill(-npm.pid!, "SIGKILL");
    } catch {
      /* gone, as it should be */
    }
    if (databaseUrl.startsWith("postgres")) {
      const admin = process.env.PARALLAX_TEST_PG_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
      const name = new URL(databaseUrl).pathname.slice(1);
      spawnSync(process.execPath, ["-e", `const pg=require("pg");const c=new pg.Client(${JSON.stringify(admin)});c.connect().then(()=>c.query('DROP DATABASE IF EXISTS "${name}" WITH (FORCE)')).finally(()=>c.end())`], { cwd: root });
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

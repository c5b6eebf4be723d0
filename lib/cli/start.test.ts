// `npm start` refuses a bad setting with one line before it touches anything.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { WORKER_NODE_ARGS } from "../jobs/limits";

const root = path.resolve(__dirname, "..", "..");

function start(env: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parallax-start-"));
  try {
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "lib", "cli", "start.ts")], {
      cwd: root,
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "db.sqlite")}`, ...env },
    });
    return { ...r, databaseCreated: fs.existsSync(path.join(dir, "db.sqlite")) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("npm start settings", () => {
  it("refuses PARALLAX_WORKER other than 0 or 1, naming it, and creates no database", () => {
    const r = start({ PARALLAX_WORKER: "two", PORT: "3999" });
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toContain('PARALLAX_WORKER must be 0 or 1, not "two"');
    expect(r.databaseCreated).toBe(false);
  });

  it("starts the job worker with its heap budget, as npm run worker does", () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts as Record<string, string>;
    expect(scripts.worker.split(/\s+/)).toEqual(expect.arrayContaining(WORKER_NODE_ARGS));
    expect(fs.readFileSync(path.join(root, "lib", "cli", "start.ts"), "utf8")).toContain("...WORKER_NODE_ARGS");
  });

  it("refuses a port out of range", () => {
    const r = start({ PORT: "70000" });
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toContain("PORT must be a number from 1 to 65535");
  });
});

// `npm run --silent import`: the batch CLI on a temporary database — report, jobs, exit codes.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDatabase, type TempDatabase } from "../../tests/db/test-db";

const root = path.resolve(__dirname, "../..");
let temp: TempDatabase;
let dir: string;

beforeAll(() => {
  temp = tempDatabase("import-cli");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "parallax-import-cli-"));
  const write = (p: string, text: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), text);
  };
  write("docs/one.en.txt", "The town opened on Monday. Its mayor spoke about the railway.");
  write("docs/one.zh.txt", "小镇于周一开放。镇长谈到了铁路。");
  write("two.en.md", "# Report\n\nCrowds filled the square. The band played until night.");
  write("two.zh.md", "# 报告\n\n人群挤满了广场。乐队一直演奏到深夜。");
  write("three.en.txt", "Only the English side.");
  write("notes.txt", "not part of the batch");
  fs.mkdirSync(path.join(dir, "..", path.basename(dir) + "-empty"), { recursive: true });
});
afterAll(async () => {
  await temp?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.join(dir, "..", path.basename(dir) + "-empty"), { recursive: true, force: true });
});

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "lib/cli/import.ts", ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: temp.url },
    encoding: "utf8",
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("import CLI", () => {
  it("imports every pair of a folder into a new project, reports the rest and queues one job per pair", async () => {
    const r = cli("--project", "CLI batch", "--dir", dir, "--mode", "parallel", "--json");
    expect(r.code, r.err).toBe(0);
    const result = JSON.parse(r.out.trim().split("\n").pop()!) as { projectId: number; projectCreated: boolean; created: { name: string; jobId: number }[] };
    expect(result.projectCreated).toBe(true);
    expect(result.created.map((c) => c.name)).toEqual(["one", "two"]);
    expect(r.err).toMatch(/unpaired \(no counterpart\): 1\n {2}three\.en\.txt — no Chinese file named three\.zh/);
    expect(r.err).toMatch(/ignored: 1\n {2}notes\.txt/);
    expect(r.err).toMatch(/2 document pair\(s\) queued for alignment/);
    const jobs = await temp.db.job.findMany({ where: { id: { in: result.created.map((c) => c.jobId) } }, include: { bitext: true } });
    expect(jobs.map((j) => [j.type, j.status, j.bitext?.title, j.bitext?.requestedMode])).toEqual([
      ["align", "queued", "one", "parallel"],
      ["align", "queued", "two", "parallel"],
    ]);
  });

  it("imports nothing twice (exit 1) and refuses bad arguments (exit 2) and folders without pairs (exit 1)", () => {
    const again = cli("--project", "CLI batch", "--dir", dir);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/already in the project \(not imported again\): 4/);
    expect(again.err).toMatch(/nothing imported/);

    expect(cli("--project", "X", "--dir", path.join(dir, "nope"))).toMatchObject({ code: 2, err: expect.stringMatching(/no such folder/) });
    expect(cli("--dir", dir)).toMatchObject({ code: 2, err: expect.stringMatching(/--project NAME is required/) });
    expect(cli("--project", "X", "--dir", dir, "--mode", "fast")).toMatchObject({ code: 2, err: expect.stringMatching(/--mode must be one of/) });
    expect(cli("--project", "X", "--dir", path.join(dir, "docs", "one.en.txt"))).toMatchObject({ code: 2, err: expect.stringMatching(/not a folder/) });
    const empty = path.join(dir, "..", path.basename(dir) + "-empty");
    expect(cli("--project", "X", "--dir", empty)).toMatchObject({ code: 1, err: expect.stringMatching(/the folder is empty/) });
    fs.writeFileSync(path.join(empty, "readme.txt"), "hello");
    expect(cli("--project", "X", "--dir", empty)).toMatchObject({ code: 1, err: expect.stringMatching(/no document pairs found/) });
  });
});

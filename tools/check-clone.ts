// `npm run test:clone`: the repository stands on its own. Clones HEAD into a temporary folder
// with nothing beside it (no ../shared: no team corpora, no seeds but the project's own),
// gives it this checkout's node_modules (a symlink: installing again would only download the
// same packages), runs the install step that makes files (postinstall: the Prisma clients,
// the lexicon cache) and the Vitest suite there without PARALLAX_CORPORA. Passes when nothing
// fails; the tests that need the corpora must show up as skipped. Called by .ci/run.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "..");

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(cmd, args, { cwd, stdio: "inherit", env });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

class CheckFailed extends Error {}
function fail(msg: string): never {
  throw new CheckFailed(msg);
}

function main() {
  if (!fs.existsSync(path.join(root, "node_modules", ".bin"))) fail("run npm install first (the clone borrows this checkout's node_modules)");
  const uncommitted = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: root, encoding: "utf8" }).stdout.trim();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "parallax-clone-"));
  const clone = path.join(tmp, "parallax");
  try {
    console.log(`clone check: cloning HEAD into ${clone}${uncommitted ? " (uncommitted changes are not in it)" : ""}`);
    if (run("git", ["clone", "--quiet", root, clone], root) !== 0) fail("git clone failed");
    if (fs.existsSync(path.join(tmp, "shared"))) fail(`${tmp}/shared exists`);
    fs.symlinkSync(path.join(root, "node_modules"), path.join(clone, "node_modules"), "dir");

    // As in a fresh clone: no corpora unless someone points at them, and no CI requirement.
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
    for (const key of ["PARALLAX_CORPORA", "PARALLAX_REQUIRE_CORPORA", "PARALLAX_TEST_DATABASE", "DATABASE_URL", "PARALLAX_ROOT", "INIT_CWD"]) delete env[key];
    const npmCli = process.env.npm_execpath;
    const [npm, npmArgs] = npmCli && fs.existsSync(npmCli) ? [process.execPath, [npmCli]] : ["npm", []];
    if (run(npm, [...npmArgs, "run", "--silent", "postinstall"], clone, env) !== 0) fail("the postinstall step failed in the clone");

    const report = path.join(tmp, "vitest.json");
    const code = run(process.execPath, [path.join(clone, "node_modules", "vitest", "vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], clone, env);
    let v: { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; numFailedTestSuites: number } | null = null;
    try {
      v = JSON.parse(fs.readFileSync(report, "utf8"));
    } catch {
      /* no report: the run itself failed */
    }
    if (!v) fail(`Vitest gave no result in the clone (exit code ${code})`);
    const line = `${v.numPassedTests} passed, ${v.numFailedTests} failed, ${v.numPendingTests + v.numTodoTests} skipped${v.numFailedTestSuites ? `, ${v.numFailedTestSuites} test files failed to run` : ""}`;
    if (code !== 0 || v.numFailedTests || v.numFailedTestSuites) fail(`Vitest in a fresh clone without ../shared: ${line}`);
    if (!v.numPendingTests) fail(`Vitest in a fresh clone without ../shared: ${line}, but the tests that need the corpora should have been skipped`);
    console.log(`clone check: Vitest in a fresh clone without ../shared: ${line}`);
  } finally {
    // The link first, so that nothing could follow it into this checkout's node_modules.
    fs.rmSync(path.join(clone, "node_modules"), { force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  main();
} catch (err) {
  console.error(`clone check: ${err instanceof CheckFailed ? err.message : (err as Error).stack}`);
  process.exit(1);
}

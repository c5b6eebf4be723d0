// The layout keeps runtime code apart from tests and tools: nothing under lib/ or app/ (but the
// test files themselves) may import a test helper, a developer tool or a test framework, and
// the user commands in lib/cli are only the commands users run.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "./corpora";

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) sourceFiles(rel, out);
    else if (/\.(ts|tsx|mjs)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(rel);
  }
  return out;
}

const runtime = [...sourceFiles("lib"), ...sourceFiles("app")];
const specifiers = (file: string) =>
  [...fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8").matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)["']([^"']+)["']/g)].map((m) => m[1]);

describe("the layout", () => {
  it("finds the runtime modules it checks", () => {
    expect(runtime.length).toBeGreaterThan(100);
    expect(runtime).toContain(path.join("lib", "db", "client.ts"));
  });

  it("keeps test helpers, developer tools and test frameworks out of runtime code", () => {
    const offending: string[] = [];
    for (const file of runtime) {
      for (const spec of specifiers(file)) {
        const target = spec.startsWith(".") ? path.normalize(path.join(path.dirname(file), spec)) : spec.startsWith("@/") ? spec.slice(2) : null;
        const bad =
          (target !== null && /^(tests|tools|e2e|bench)(\/|$)/.test(target)) || /^(vitest|fast-check|@playwright\/test)(\/|$)/.test(spec);
        if (bad) offending.push(`${file} imports ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it("has only user commands in lib/cli", () => {
    const commands = fs
      .readdirSync(path.join(PROJECT_ROOT, "lib", "cli"))
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .sort();
    expect(commands).toEqual(["align.ts", "common.ts", "eval.ts", "export.ts", "import.ts", "start.ts", "worker.ts"]);
    const scripts = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).scripts as Record<string, string>;
    for (const name of ["align", "eval", "export", "import", "start", "worker"]) expect(scripts[name]).toContain(`lib/cli/${name}.ts`);
  });
});

/**
 * Accuracy benchmark: strict bead P/R/F1 on MAC-Dev (6 docs) and aca (1 doc), pre-split input.
 * Usage: npm run bench:accuracy [-- --corpus mac-dev|aca] [--mode parallel|auto] [--verbose]
 */
import fs from "node:fs";
import path from "node:path";
import { align } from "../lib/alignment";
import { readAlign } from "../lib/alignment/format";
import { pool, scoreDocument, type PRF } from "../lib/alignment/eval";
import { corporaDir, requireCorpora } from "../tests/corpora";

const CORPORA = corporaDir();

function lines(file: string): string[] {
  const t = fs.readFileSync(file, "utf8").replace(/\r\n/g, "\n");
  const l = t.split("\n");
  if (l.length && l[l.length - 1] === "") l.pop();
  return l;
}

export function evalCorpus(
  name: string,
  mode: "auto" | "parallel" = "parallel",
  verbose = false,
): { docs: [string, PRF][]; pooled: PRF; ms: number; modes: string[] } {
  const dir = path.join(CORPORA, name);
  const ids = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".align"))
    .map((f) => f.slice(0, -6))
    .sort();
  const docs: [string, PRF][] = [];
  const modes: string[] = [];
  const t0 = Date.now();
  for (const id of ids) {
    const zh = lines(path.join(dir, `${id}.zh`));
    const en = lines(path.join(dir, `${id}.en`));
    const gold = readAlign(fs.readFileSync(path.join(dir, `${id}.align`), "utf8"));
    const res = align(
      zh.map((text) => ({ text })),
      en.map((text) => ({ text })),
      { mode },
    );
    modes.push(res.mode);
    const r = scoreDocument(gold, res.beads);
    docs.push([id, r]);
    if (verbose) {
      const gk = new Set(gold.map((b) => `${b.zh}:${b.en}`));
      for (const b of res.beads) if (!gk.has(`${b.zh}:${b.en}`)) console.log(`  wrong ${id} [${b.zh}]:[${b.en}] score=${b.score}`);
    }
  }
  return { docs, pooled: pool(docs.map((d) => d[1])), ms: Date.now() - t0, modes };
}

function fmt(r: PRF): string {
  return `P=${r.precision.toFixed(4)} R=${r.recall.toFixed(4)} F1=${r.f1.toFixed(4)} (${r.correct}/${r.test} test, ${r.gold} gold)`;
}

if (require.main === module || process.argv[1]?.endsWith("accuracy.ts")) {
  const args = process.argv.slice(2);
  const only = args.includes("--corpus") ? [args[args.indexOf("--corpus") + 1]] : ["mac-dev", "aca"];
  const mode = args.includes("--mode") ? (args[args.indexOf("--mode") + 1] as "auto" | "parallel") : "parallel";
  const verbose = args.includes("--verbose");
  requireCorpora(...only);
  for (const c of only) {
    const { docs, pooled, ms, modes } = evalCorpus(c, mode, verbose);
    for (const [id, r] of docs) console.log(`${c}/${id}  ${fmt(r)}`);
    console.log(`${c} pooled  ${fmt(pooled)}  time=${ms}ms  mode=${[...new Set(modes)].join(",")}`);
  }
}

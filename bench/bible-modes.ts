/**
 * The Bible in auto mode against parallel mode: does the island model keep a complete
 * translation monotonic? Prints the mode chosen, its reason, and how many beads differ.
 *   npx tsx bench/bible-modes.ts [--doc bible/006]
 */
import fs from "node:fs";
import path from "node:path";
import { align } from "../lib/alignment";
import { corporaDir, requireCorpora } from "../tests/corpora";

const lines = (f: string) => fs.readFileSync(f, "utf8").replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n");
const di = process.argv.indexOf("--doc");
const doc = di > 0 ? process.argv[di + 1] : "bible/006";
requireCorpora(doc.split("/")[0]);
const base = path.join(corporaDir(), doc);
const zh = lines(`${base}.zh`).map((text) => ({ text }));
const en = lines(`${base}.en`).map((text) => ({ text }));
const key = (b: { zh: number[]; en: number[] }) => `[${b.zh}]:[${b.en}]`;
const run = (mode: "auto" | "parallel") => {
  const t = Date.now();
  const r = align(zh, en, { mode, confidence: false });
  console.log(`${mode}: ${r.beads.length} beads, mode ${r.mode} (${r.modeReason}), ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return r.beads.map(key);
};
const p = run("parallel");
const a = run("auto");
const sp = new Set(p);
const sa = new Set(a);
console.log(`beads only in auto: ${a.filter((x) => !sp.has(x)).length}; only in parallel: ${p.filter((x) => !sa.has(x)).length}`);

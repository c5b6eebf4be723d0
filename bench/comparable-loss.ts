/**
 * Developer tool (issue 13): where the comparable benchmark's missed and wrong sentence links come
 * from, on the development seeds. Each gold link the aligner misses is put in one class by the state
 * of its two sentences in the output (both unlinked; English unlinked, Chinese linked elsewhere; the
 * reverse; both linked elsewhere); unlinked English sentences with a counterpart are also counted
 * by the length of their run of unlinked sentences.
 *   npx tsx bench/comparable-loss.ts [--seeds 11,12,13] [--rates light,medium,heavy] [--corpus mac-dev]
 */
import fs from "node:fs";
import path from "node:path";
import { align } from "../lib/alignment";
import { readAlign } from "../lib/alignment/format";
import { corporaDir, requireCorpora } from "../tests/corpora";
import { makeComparable, RATES } from "./lib/comparable-gen";

const a = process.argv;
const opt = (n: string, d: string) => (a.includes(`--${n}`) ? a[a.indexOf(`--${n}`) + 1] : d);
const seeds = opt("seeds", "11,12,13").split(",").map(Number);
if (seeds.some((s) => s >= 1 && s <= 3)) throw new Error("seeds 1-3 are the reported ones");
const rates = opt("rates", "light,medium,heavy").split(",").map((n) => RATES.find((r) => r.name === n)!);
const corpus = opt("corpus", "mac-dev");
requireCorpora(corpus);
const dir = path.join(corporaDir(), corpus);
const lines = (f: string) => fs.readFileSync(f, "utf8").replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n");
const ids = fs.readdirSync(dir).filter((f) => f.endsWith(".align")).map((f) => f.slice(0, -6)).sort();
const cls: Record<string, number> = {};
const runLen: Record<string, number> = {};
let gold = 0;
let test = 0;
let right = 0;
const add = (m: Record<string, number>, k: string, n = 1) => (m[k] = (m[k] ?? 0) + n);
for (const id of ids)
  for (const rate of rates)
    for (const seed of seeds) {
      const d = makeComparable(lines(path.join(dir, `${id}.zh`)), lines(path.join(dir, `${id}.en`)), readAlign(fs.readFileSync(path.join(dir, `${id}.align`), "utf8")), rate, seed * 1009 + Number(id) * 17);
      const r = align(d.zh.map((text) => ({ text })), d.en.map((text) => ({ text })), { mode: "auto", confidence: false });
      const out = new Set<string>();
      const zLinked = new Set<number>();
      const eLinked = new Set<number>();
      for (const b of r.beads)
        for (const i of b.zh)
          for (const j of b.en) {
            out.add(`${i}:${j}`);
            zLinked.add(i);
            eLinked.add(j);
          }
      const moved = movedBeads(d.gold);
      const goldE = new Set<number>();
      for (const b of d.gold)
        for (const i of b.zh)
          for (const j of b.en) {
            gold++;
            add(cls, moved.has(b) ? "gold moved" : "gold in place");
            goldE.add(j);
            if (out.has(`${i}:${j}`)) continue;
            add(cls, `${moved.has(b) ? "moved" : "in place"}: ${eLinked.has(j) ? "en linked" : "en unlinked"} / ${zLinked.has(i) ? "zh linked" : "zh unlinked"}`);
          }
      test += out.size;
      for (const k of out) if (d.gold.some((b) => b.zh.includes(+k.split(":")[0]) && b.en.includes(+k.split(":")[1]))) right++;
      // runs of unlinked English sentences (with a counterpart) by run length
      for (let j = 0; j < d.en.length; ) {
        if (eLinked.has(j)) {
          j++;
          continue;
        }
        let q = j;
        while (q < d.en.length && !eLinked.has(q)) q++;
        let withCp = 0;
        for (let t = j; t < q; t++) if (goldE.has(t)) withCp++;
        add(runLen, q - j >= 6 ? "6+" : String(q - j), withCp);
        j = q;
      }
    }
console.log(`gold links ${gold}, output links ${test}, right ${right}`);
console.log("missed gold links by the state of their sentences:", cls);
console.log("unlinked English sentences with a counterpart, by the length of their unlinked run:", runLen);

/** Link beads of the gold off its longest run increasing on both sides (the English moved there). */
function movedBeads(gold: { zh: number[]; en: number[] }[]): Set<(typeof gold)[number]> {
  const ls = gold.filter((b) => b.zh.length && b.en.length).sort((x, y) => x.zh[0] - y.zh[0]);
  const best = ls.map(() => 1);
  const prev = ls.map(() => -1);
  for (let k = 0; k < ls.length; k++)
    for (let q = 0; q < k; q++)
      if (ls[q].en[0] < ls[k].en[0] && best[q] + 1 > best[k]) {
        best[k] = best[q] + 1;
        prev[k] = q;
      }
  let end = 0;
  best.forEach((v, k) => (v > best[end] ? (end = k) : 0));
  const main = new Set<number>();
  for (let k = ls.length ? end : -1; k >= 0; k = prev[k]) main.add(k);
  return new Set(ls.filter((_, k) => !main.has(k)));
}

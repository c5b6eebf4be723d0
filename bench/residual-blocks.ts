/**
 * Developer tool (issue 13, comparable text): after the island model, the runs of English sentences
 * left unlinked and the runs of Chinese sentences left unlinked; every English run is aligned against
 * every Chinese run by the monotonic search (gap bonus as the nested passes) and the candidate pairs
 * are written with their features and gold labels (links right / wrong), one JSON line each, for
 * fitting an acceptance rule. Development seeds only.
 *   npx tsx bench/residual-blocks.ts [--seeds 11,12,13] [--rates light,medium,heavy] > /tmp/pairs.jsonl
 */
import fs from "node:fs";
import path from "node:path";
import { readAlign } from "../lib/alignment/format";
import { residualCandidates } from "./lib/residual";
import { alignIslands } from "../lib/alignment/islands";
import { lexicalScorer } from "../lib/scoring/lexical";
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
for (const id of ids)
  for (const rate of rates)
    for (const seed of seeds) {
      const d = makeComparable(lines(path.join(dir, `${id}.zh`)), lines(path.join(dir, `${id}.en`)), readAlign(fs.readFileSync(path.join(dir, `${id}.align`), "utf8")), rate, seed * 1009 + Number(id) * 17);
      const scorer = lexicalScorer.prepare(d.zh, d.en, {});
      const r = alignIslands(scorer, {});
      const gold = new Set<string>();
      for (const b of d.gold) for (const i of b.zh) for (const j of b.en) gold.add(`${i}:${j}`);
      for (const c of residualCandidates(scorer, r.beads)) {
        let right = 0;
        let wrong = 0;
        for (const b of c.links) for (const i of b.zh) for (const j of b.en) gold.has(`${i}:${j}`) ? right++ : wrong++;
        const { links, ...rest } = c;
        console.log(JSON.stringify({ doc: `${id}/${rate.name}/${seed}`, id, ...rest, right, wrong }));
      }
    }

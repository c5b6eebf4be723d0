/**
 * Developer tool: where the comparable benchmark loses MAC-Dev links. On the development seeds
 * (11, 12) of one rate, counts the English sentences that have a gold counterpart but are left
 * unlinked: how many lie in runs of three or more (whole blocks missed) and how far each lies from
 * the nearest block edge (a place where the gold Chinese of consecutive English sentences jumps).
 *   npx tsx bench/comparable-misses.ts [light|medium|heavy]
 */
import fs from "node:fs";
import path from "node:path";
import { align } from "../lib/alignment";
import { readAlign } from "../lib/alignment/format";
import { corporaDir, requireCorpora } from "../tests/corpora";
import { makeComparable, RATES } from "./lib/comparable-gen";

requireCorpora("mac-dev");
const C = path.join(corporaDir(), "mac-dev");
const lines = (f: string) => fs.readFileSync(f, "utf8").replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n");
const hist: Record<string, number> = {};
let runsAll = 0, missed = 0, wrongLinkE = 0;
const rate = RATES.find((r) => r.name === (process.argv[2] ?? "medium"))!;
for (const id of ["001", "002", "003", "004", "005", "006"]) {
  for (const seed of [11, 12]) {
    const d = makeComparable(lines(path.join(C, `${id}.zh`)), lines(path.join(C, `${id}.en`)), readAlign(fs.readFileSync(path.join(C, `${id}.align`), "utf8")), rate, seed * 1009 + Number(id) * 17);
    const r = align(d.zh.map((text) => ({ text })), d.en.map((text) => ({ text })), { mode: "auto", confidence: false });
    const goldZ = new Map<number, number[]>();
    for (const b of d.gold) for (const j of b.en) goldZ.set(j, b.zh);
    const outZ = new Map<number, number[]>();
    for (const b of r.beads) for (const j of b.en) outZ.set(j, b.zh);
    const nE = d.en.length;
    // discontinuity between j-1 and j: gold zh not consecutive (or a gap on either)
    const disc = (j: number) => {
      const a = goldZ.get(j - 1) ?? [], b = goldZ.get(j) ?? [];
      if (!a.length || !b.length) return true;
      const ma = Math.max(...a), mb = Math.min(...b);
      return !(mb >= ma && mb <= ma + 2) && !(a.join() === b.join());
    };
    const edges: number[] = [0];
    for (let j = 1; j < nE; j++) if (disc(j)) edges.push(j);
    edges.push(nE);
    let run = 0;
    for (let j = 0; j < nE; j++) {
      const g = goldZ.get(j) ?? [];
      const o = outZ.get(j) ?? [];
      if (g.length && !o.length) {
        missed++;
        run++;
        let dist = Infinity;
        for (const e of edges) dist = Math.min(dist, j >= e ? j - e : e - j - 1);
        const k = dist >= 3 ? "3+" : String(dist);
        hist[k] = (hist[k] ?? 0) + 1;
      } else {
        if (run >= 3) runsAll += run;
        run = 0;
        if (g.length && o.length && !o.some((i) => g.includes(i))) wrongLinkE++;
      }
    }
    if (run >= 3) runsAll += run;
  }
}
console.log(`rate ${rate.name}: English sentences with a gold link left unlinked: ${missed}; in runs of >=3: ${runsAll}; English linked wholly wrong: ${wrongLinkE}`);
console.log("distance to the nearest block edge:", hist);

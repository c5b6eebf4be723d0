/**
 * Comparable-text benchmark: comparable versions of the development corpora (MAC-Dev, aca) made
 * from their gold by bench/lib/comparable-gen.ts (blocks of 3–12 gold beads lose their Chinese or
 * their English side, a share of the English blocks is moved elsewhere; rates light / medium /
 * heavy; seeds 1–3), aligned pre-split, in auto and in forced comparable mode.
 *
 * Reported, pooled over the documents and seeds of each corpus and rate:
 *  - sentence links: a link is a (zh, en) sentence pair in one bead; P / R / F1 against the gold's
 *  - unlinked: of the sentences the aligner leaves without counterpart, the share that truly have
 *    none ("unlinked P"), and of the sentences that truly have none, the share left unlinked ("R")
 *  - strict bead F1 (as bench:accuracy) for reference
 *
 *   npm run bench:comparable [-- --corpus mac-dev|aca] [--modes auto,comparable,parallel]
 *     [--rates clean,light,medium,heavy] [--seeds 1,2,3] [--verbose]
 *
 * Development (tuning) runs use other seeds (e.g. --seeds 11,12,13); the reported figures are
 * seeds 1–3.
 */
import fs from "node:fs";
import path from "node:path";
import { align } from "../lib/alignment";
import { readAlign } from "../lib/alignment/format";
import { pool, scoreDocument, type PRF } from "../lib/alignment/eval";
import { corporaDir, requireCorpora } from "../tests/corpora";
import { addCounts, emptyCounts, linkCounts, linkPRF, makeComparable, RATES, type ComparableRate, type LinkCounts } from "./lib/comparable-gen";

const CORPORA = corporaDir();
const lines = (f: string) => {
  const l = fs.readFileSync(f, "utf8").replace(/\r\n/g, "\n").split("\n");
  if (l.length && l[l.length - 1] === "") l.pop();
  return l;
};

const CLEAN: ComparableRate = { name: "clean", dropZh: 0, dropEn: 0, move: 0 };
type Mode = "auto" | "comparable" | "parallel";

export interface CellResult {
  counts: LinkCounts;
  beads: PRF;
  ms: number;
  modes: Record<string, number>;
}

export function evalComparable(corpus: string, rate: ComparableRate, mode: Mode, seeds: number[], verbose = false): CellResult {
  const dir = path.join(CORPORA, corpus);
  const ids = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".align"))
    .map((f) => f.slice(0, -6))
    .sort();
  let counts = emptyCounts();
  const prfs: PRF[] = [];
  const modes: Record<string, number> = {};
  let ms = 0;
  for (const id of ids) {
    const zh0 = lines(path.join(dir, `${id}.zh`));
    const en0 = lines(path.join(dir, `${id}.en`));
    const gold0 = readAlign(fs.readFileSync(path.join(dir, `${id}.align`), "utf8"));
    for (const seed of rate === CLEAN ? [0] : seeds) {
      const d = rate === CLEAN ? { zh: zh0, en: en0, gold: gold0 } : makeComparable(zh0, en0, gold0, rate, seed * 1009 + Number(id) * 17);
      const t0 = Date.now();
      const res = align(d.zh.map((text) => ({ text })), d.en.map((text) => ({ text })), { mode });
      ms += Date.now() - t0;
      modes[res.mode] = (modes[res.mode] ?? 0) + 1;
      const c = linkCounts(d.gold, res.beads);
      counts = addCounts(counts, c);
      prfs.push(scoreDocument(d.gold, res.beads));
      if (verbose) {
        const m = linkPRF(c);
        console.log(
          `  ${corpus}/${id} ${rate.name} seed ${seed} ${mode}→${res.mode}: link P ${m.p.toFixed(3)} R ${m.r.toFixed(3)} F1 ${m.f1.toFixed(3)}; unlinked P ${m.unlinkedP.toFixed(3)} R ${m.unlinkedR.toFixed(3)} (${c.unlinkedTest} left, ${c.unlinkedGold} gold)`,
        );
      }
    }
  }
  return { counts, beads: pool(prfs), ms, modes };
}

export function addCells(a: CellResult, b: CellResult): CellResult {
  const modes: Record<string, number> = { ...a.modes };
  for (const [k, v] of Object.entries(b.modes)) modes[k] = (modes[k] ?? 0) + v;
  return { counts: addCounts(a.counts, b.counts), beads: pool([a.beads, b.beads]), ms: a.ms + b.ms, modes };
}

export function formatCell(c: CellResult): string {
  const m = linkPRF(c.counts);
  return (
    `link P ${m.p.toFixed(4)} R ${m.r.toFixed(4)} F1 ${m.f1.toFixed(4)} | ` +
    `unlinked P ${m.unlinkedP.toFixed(3)} R ${m.unlinkedR.toFixed(3)} (${c.counts.unlinkedCorrect}/${c.counts.unlinkedTest} left, ${c.counts.unlinkedGold} gold) | ` +
    `bead F1 ${c.beads.f1.toFixed(4)} | ${c.ms} ms | ${Object.entries(c.modes).map(([k, v]) => `${k} ${v}`).join(", ")}`
  );
}

if (process.argv[1] && path.basename(process.argv[1]) === "comparable.ts") {
  const a = process.argv;
  const opt = (name: string) => (a.includes(`--${name}`) ? a[a.indexOf(`--${name}`) + 1] : undefined);
  const corpora = opt("corpus") ? [opt("corpus")!] : ["mac-dev", "aca"];
  const modes = (opt("modes") ?? "auto,comparable").split(",") as Mode[];
  const seeds = (opt("seeds") ?? "1,2,3").split(",").map(Number);
  const rateNames = (opt("rates") ?? "light,medium,heavy").split(",");
  const rates = rateNames.map((n) => (n === "clean" ? CLEAN : RATES.find((r) => r.name === n) ?? (() => { throw new Error(`unknown rate ${n}`); })()));
  const verbose = a.includes("--verbose");
  requireCorpora(...corpora);
  console.log(`seeds ${seeds.join(",")}; rates ${rates.map((r) => `${r.name} (drop zh ${r.dropZh}, en ${r.dropEn}; move ${r.move.toFixed(2)})`).join(", ")}`);
  for (const corpus of corpora) {
    for (const mode of modes) {
      let total: CellResult | null = null;
      for (const rate of rates) {
        const c = evalComparable(corpus, rate, mode, seeds, verbose);
        console.log(`${corpus} ${mode.padEnd(10)} ${rate.name.padEnd(6)} ${formatCell(c)}`);
        if (rate === CLEAN) continue;
        total = total ? addCells(total, c) : c;
      }
      if (total && rates.filter((r) => r !== CLEAN).length > 1) console.log(`${corpus} ${mode.padEnd(10)} ${"all".padEnd(6)} ${formatCell(total)}`);
    }
  }
}

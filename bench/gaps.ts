/**
 * Synthetic gap benchmark: in each gold alignment (MAC-Dev, aca) delete the sentences of one side
 * of k random 1-1 beads (half Chinese, half English, seeded), so that their counterparts become
 * gold gaps `[i]:[]` / `[]:[j]`; align the damaged texts pre-split (parallel mode) and report gap
 * precision / recall (exact gap beads) and strict F1 over all beads.
 *   npx tsx bench/gaps.ts [--rate 0.03] [--seeds 3] [--corpus mac-dev|aca] [--verbose]
 */
import fs from "node:fs";
import path from "node:path";
import { align } from "../lib/alignment";
import { readAlign, type IdBead } from "../lib/alignment/format";
import { pool, prf, scoreDocument, type PRF } from "../lib/alignment/eval";
import { corporaDir, requireCorpora } from "../tests/corpora";

const CORPORA = corporaDir();
const lines = (f: string) => fs.readFileSync(f, "utf8").replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n");

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export interface GapDoc {
  id: string;
  zh: string[];
  en: string[];
  gold: IdBead[];
}

/** Delete one side of k random 1-1 beads (not the first or last bead); renumber. */
export function damage(zh: string[], en: string[], gold: IdBead[], k: number, seed: number): { zh: string[]; en: string[]; gold: IdBead[] } {
  const r = rng(seed);
  const cand = gold.map((b, q) => q).filter((q) => q > 0 && q < gold.length - 1 && gold[q].zh.length === 1 && gold[q].en.length === 1);
  const chosen = new Map<number, "zh" | "en">();
  while (chosen.size < Math.min(k, cand.length)) {
    const q = cand[Math.floor(r() * cand.length)];
    // not next to another damaged bead (two adjacent gaps are a different problem)
    if (chosen.has(q) || chosen.has(q - 1) || chosen.has(q + 1)) continue;
    chosen.set(q, chosen.size % 2 === 0 ? "zh" : "en");
  }
  const delZ = new Set<number>();
  const delE = new Set<number>();
  for (const [q, side] of chosen) (side === "zh" ? delZ : delE).add(side === "zh" ? gold[q].zh[0] : gold[q].en[0]);
  const mapZ = new Int32Array(zh.length).fill(-1);
  const mapE = new Int32Array(en.length).fill(-1);
  const nz: string[] = [];
  const ne: string[] = [];
  zh.forEach((t, i) => {
    if (!delZ.has(i)) mapZ[i] = nz.push(t) - 1;
  });
  en.forEach((t, j) => {
    if (!delE.has(j)) mapE[j] = ne.push(t) - 1;
  });
  const g: IdBead[] = [];
  for (const b of gold) {
    const z = b.zh.filter((i) => mapZ[i] >= 0).map((i) => mapZ[i]);
    const e = b.en.filter((j) => mapE[j] >= 0).map((j) => mapE[j]);
    if (z.length && e.length) g.push({ zh: z, en: e });
    else for (const i of z) g.push({ zh: [i], en: [] });
    if (!z.length) for (const j of e) g.push({ zh: [], en: [j] });
  }
  return { zh: nz, en: ne, gold: g };
}

const isGap = (b: IdBead) => b.zh.length === 0 || b.en.length === 0;

export function evalGaps(corpus: string, rate: number, seeds: number, verbose = false) {
  const dir = path.join(CORPORA, corpus);
  const all: PRF[] = [];
  let gapCorrect = 0;
  let gapTest = 0;
  let gapGold = 0;
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".align")).sort()) {
    const id = f.slice(0, -6);
    const zh0 = lines(path.join(dir, `${id}.zh`));
    const en0 = lines(path.join(dir, `${id}.en`));
    const gold0 = readAlign(fs.readFileSync(path.join(dir, f), "utf8"));
    for (let s = 1; s <= seeds; s++) {
      const k = Math.max(2, Math.round(gold0.length * rate));
      const d = damage(zh0, en0, gold0, k, s * 7919 + id.charCodeAt(2));
      const res = align(d.zh.map((text) => ({ text })), d.en.map((text) => ({ text })), { mode: "parallel" });
      all.push(scoreDocument(d.gold, res.beads));
      const gg = d.gold.filter(isGap);
      const tg = res.beads.filter(isGap);
      const g = scoreDocument(gg, tg);
      gapCorrect += g.correct;
      gapTest += tg.length;
      gapGold += gg.length;
      if (verbose) {
        const tk = new Set(res.beads.map((b) => `[${b.zh}]:[${b.en}]`));
        for (const b of gg) if (!tk.has(`[${b.zh}]:[${b.en}]`)) {
          const near = res.beads.filter((x) => (b.zh.length ? x.zh.includes(b.zh[0]) : x.en.includes(b.en[0])));
          console.log(`  missed ${corpus}/${id} s${s} [${b.zh}]:[${b.en}] → ${near.map((x) => `[${x.zh}]:[${x.en}] ${x.score}`).join(" ")}`);
        }
      }
    }
  }
  return { all: pool(all), gaps: prf(gapCorrect, gapTest, gapGold) };
}

if (process.argv[1] && path.basename(process.argv[1]) === "gaps.ts") {
  const a = process.argv;
  const rate = a.includes("--rate") ? Number(a[a.indexOf("--rate") + 1]) : 0.03;
  const seeds = a.includes("--seeds") ? Number(a[a.indexOf("--seeds") + 1]) : 3;
  const corpora = a.includes("--corpus") ? [a[a.indexOf("--corpus") + 1]] : ["mac-dev", "aca"];
  requireCorpora(...corpora);
  for (const c of corpora) {
    const { all, gaps } = evalGaps(c, rate, seeds, a.includes("--verbose"));
    console.log(
      `${c} (${(rate * 100).toFixed(1)}% of beads lose one side, ${seeds} seeds): gaps P=${gaps.precision.toFixed(3)} R=${gaps.recall.toFixed(3)} F1=${gaps.f1.toFixed(3)} (${gaps.correct}/${gaps.test} test, ${gaps.gold} gold); all beads F1=${all.f1.toFixed(4)} (P=${all.precision.toFixed(4)} R=${all.recall.toFixed(4)})`,
    );
  }
}

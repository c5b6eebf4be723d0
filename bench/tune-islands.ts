/**
 * Developer tool: bench:comparable's measure under ISLAND_PARAMS (and SANDWICH_PARAMS) overrides, on the development
 * seeds (never the reported 1–3), to compare settings of the island model.
 *   npx tsx bench/tune-islands.ts [--seeds 11,12,13] [--corpus mac-dev] [--rates light,medium,heavy] 'guardScore=20 gapBonus=4' 'stretchScore=5' …
 * Each further argument is one setting (space-separated name=value); the first line is the defaults.
 */
import { ISLAND_PARAMS } from "../lib/alignment/islands";
import { SANDWICH_PARAMS } from "../lib/alignment/sandwich";
import { RATES } from "./lib/comparable-gen";
import { addCells, evalComparable, formatCell, type CellResult } from "./comparable";

const a = process.argv.slice(2);
const opt = (name: string, d: string) => {
  const k = a.indexOf(`--${name}`);
  if (k < 0) return d;
  const v = a[k + 1];
  a.splice(k, 2);
  return v;
};
const seeds = opt("seeds", "11,12,13").split(",").map(Number);
if (seeds.some((s) => s >= 1 && s <= 3)) throw new Error("seeds 1-3 are the reported ones: tune on others");
const corpora = opt("corpus", "mac-dev,aca").split(",");
const rates = opt("rates", "light,medium,heavy").split(",").map((n) => RATES.find((r) => r.name === n)!);
const defaults = { ...ISLAND_PARAMS };
const sandwichDefaults = { ...SANDWICH_PARAMS };
for (const setting of ["", ...a]) {
  Object.assign(ISLAND_PARAMS, defaults);
  Object.assign(SANDWICH_PARAMS, sandwichDefaults);
  for (const kv of setting.split(/\s+/).filter(Boolean)) {
    const [k, v] = kv.split("=");
    const params = (k in ISLAND_PARAMS ? ISLAND_PARAMS : k in SANDWICH_PARAMS ? SANDWICH_PARAMS : null) as Record<string, unknown> | null;
    if (!params) throw new Error(`unknown parameter ${k}`);
    params[k] = v === "true" ? true : v === "false" ? false : Number(v);
  }
  for (const corpus of corpora) {
    let total: CellResult | null = null;
    for (const rate of rates) {
      const c = evalComparable(corpus, rate, "auto", seeds);
      total = total ? addCells(total, c) : c;
    }
    console.log(`${(setting || "defaults").padEnd(36)} ${corpus.padEnd(8)} ${formatCell(total!)}`);
  }
}

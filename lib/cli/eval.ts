/**
 * parallax eval — strict bead precision / recall / F1 (shared/corpora/README.md).
 *
 *   npm run --silent eval -- --gold DIR --test DIR
 *
 * Every NNN.align in --gold is compared with NNN.align in --test (a missing test file
 * counts as zero test beads). Prints one line per document, then the pooled result.
 */
import fs from "node:fs";
import path from "node:path";
import { readAlign } from "../alignment/format";
import { pool, scoreDocument, type PRF } from "../alignment/eval";
import { CliError, runMain } from "./common";

const USAGE = "usage: eval --gold DIR --test DIR";

export function evaluateDirs(goldDir: string, testDir: string): { docs: [string, PRF][]; pooled: PRF } {
  for (const [flag, d] of [["--gold", goldDir], ["--test", testDir]] as const) {
    if (!fs.existsSync(d)) throw new CliError(`${flag} ${d}: no such directory`);
    if (!fs.statSync(d).isDirectory()) throw new CliError(`${flag} ${d}: not a directory`);
  }
  const ids = fs
    .readdirSync(goldDir)
    .filter((f) => f.endsWith(".align"))
    .sort();
  if (!ids.length) throw new CliError(`--gold ${goldDir}: no .align files`);
  const docs: [string, PRF][] = [];
  for (const f of ids) {
    let gold;
    try {
      gold = readAlign(fs.readFileSync(path.join(goldDir, f), "utf8"));
    } catch (e) {
      throw new CliError(`${path.join(goldDir, f)}: ${(e as Error).message}`);
    }
    const tf = path.join(testDir, f);
    let test: ReturnType<typeof readAlign> = [];
    if (fs.existsSync(tf)) {
      try {
        test = readAlign(fs.readFileSync(tf, "utf8"));
      } catch (e) {
        throw new CliError(`${tf}: ${(e as Error).message}`);
      }
    } else process.stderr.write(`warning: ${tf} missing (0 test beads)\n`);
    docs.push([f.slice(0, -6), scoreDocument(gold, test)]);
  }
  return { docs, pooled: pool(docs.map((d) => d[1])) };
}

const fmt = (r: PRF) =>
  `P=${r.precision.toFixed(4)}\tR=${r.recall.toFixed(4)}\tF1=${r.f1.toFixed(4)}\t(${r.correct} correct, ${r.test} test, ${r.gold} gold)`;

export function main(argv: string[]): void {
  let gold: string | undefined;
  let test: string | undefined;
  for (let k = 0; k < argv.length; k++) {
    if (argv[k] === "--gold") gold = argv[++k];
    else if (argv[k] === "--test") test = argv[++k];
    else if (argv[k] === "-h" || argv[k] === "--help") throw new CliError(USAGE, 0);
    else throw new CliError(`unknown argument "${argv[k]}"\n${USAGE}`);
  }
  if (!gold || !test) throw new CliError(`--gold and --test are required\n${USAGE}`);
  const { docs, pooled } = evaluateDirs(gold, test);
  for (const [id, r] of docs) process.stdout.write(`${id}\t${fmt(r)}\n`);
  process.stdout.write(`pooled\t${fmt(pooled)}\n`);
}

if (process.argv[1] && /eval\.ts$/.test(process.argv[1])) runMain(() => main(process.argv.slice(2)));

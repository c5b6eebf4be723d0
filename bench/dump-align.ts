/**
 * Dump align() output (beads + scores) for MAC-Dev and aca to a JSON file, to compare
 * two versions of the engine bead by bead:
 *   npx tsx bench/dump-align.ts OUT.json [--compare OTHER.json]
 */
import fs from "node:fs";
import path from "node:path";
import { align } from "../lib/alignment";
import { corporaDir, requireCorpora } from "../tests/corpora";

const CORPORA = corporaDir();
const lines = (f: string) => fs.readFileSync(f, "utf8").replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n");

requireCorpora("mac-dev", "aca");
const out: Record<string, string[]> = {};
for (const c of ["mac-dev", "aca"]) {
  const dir = path.join(CORPORA, c);
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".align")).sort()) {
    const id = f.slice(0, -6);
    const zh = lines(path.join(dir, `${id}.zh`)).map((text) => ({ text }));
    const en = lines(path.join(dir, `${id}.en`)).map((text) => ({ text }));
    const r = align(zh, en, { mode: "parallel" });
    out[`${c}/${id}`] = r.beads.map((b) => `[${b.zh}]:[${b.en}] ${b.score}`);
  }
}
const file = process.argv[2];
if (file) fs.writeFileSync(file, JSON.stringify(out));
const ci = process.argv.indexOf("--compare");
if (ci > 0) {
  const other = JSON.parse(fs.readFileSync(process.argv[ci + 1], "utf8")) as Record<string, string[]>;
  let diffBeads = 0;
  let diffScores = 0;
  for (const k of Object.keys(out)) {
    const a = other[k].map((s) => s.split(" ")[0]);
    const b = out[k].map((s) => s.split(" ")[0]);
    const sa = new Set(a);
    const sb = new Set(b);
    const onlyA = a.filter((x) => !sb.has(x));
    const onlyB = b.filter((x) => !sa.has(x));
    diffBeads += onlyA.length + onlyB.length;
    if (onlyA.length || onlyB.length) console.log(`${k}: -${onlyA.length} +${onlyB.length}`, onlyA.slice(0, 5), onlyB.slice(0, 5));
    const sc = new Map(other[k].map((s) => s.split(" ") as [string, string]));
    for (const s of out[k]) {
      const [bd, v] = s.split(" ");
      if (sc.has(bd) && sc.get(bd) !== v) diffScores++;
    }
  }
  console.log(`bead differences: ${diffBeads}; score differences on common beads: ${diffScores}`);
}

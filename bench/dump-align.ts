/**
 * Dump align() output (beads, scores, confidences) for MAC-Dev and aca (and with --bible the Bible,
 * bible/006) to a JSON file, to compare two versions of the engine bead by bead:
 *   npx tsx bench/dump-align.ts OUT.json [--bible] [--compare OTHER.json]
 * Beads and scores must match exactly; confidences are compared with a tolerance (printed: the
 * largest difference).
 */
import fs from "node:fs";
import path from "node:path";
import { align } from "../lib/alignment";
import { corporaDir, requireCorpora } from "../tests/corpora";

const CORPORA = corporaDir();
const lines = (f: string) => fs.readFileSync(f, "utf8").replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n");
const bible = process.argv.includes("--bible");

requireCorpora("mac-dev", "aca", ...(bible ? ["bible"] : []));
const out: Record<string, string[]> = {};
const docs: [string, string][] = [];
for (const c of ["mac-dev", "aca", ...(bible ? ["bible"] : [])]) {
  const dir = path.join(CORPORA, c);
  const ids = fs.readdirSync(dir).filter((x) => x.endsWith(c === "bible" ? ".en" : ".align")).map((f) => f.replace(/\.[a-z]+$/, ""));
  for (const id of ids.sort()) docs.push([c, id]);
}
for (const [c, id] of docs) {
  const dir = path.join(CORPORA, c);
  const zh = lines(path.join(dir, `${id}.zh`)).map((text) => ({ text }));
  const en = lines(path.join(dir, `${id}.en`)).map((text) => ({ text }));
  const r = align(zh, en, { mode: "parallel" });
  out[`${c}/${id}`] = r.beads.map((b) => `[${b.zh}]:[${b.en}] ${b.score} ${b.confidence}`);
}
const file = process.argv[2];
if (file && !file.startsWith("--")) fs.writeFileSync(file, JSON.stringify(out));
const ci = process.argv.indexOf("--compare");
if (ci > 0) {
  const other = JSON.parse(fs.readFileSync(process.argv[ci + 1], "utf8")) as Record<string, string[]>;
  let diffBeads = 0;
  let diffScores = 0;
  let maxConf = 0;
  for (const k of Object.keys(out)) {
    if (!other[k]) continue;
    const a = other[k].map((s) => s.split(" ")[0]);
    const b = out[k].map((s) => s.split(" ")[0]);
    const sa = new Set(a);
    const sb = new Set(b);
    const onlyA = a.filter((x) => !sb.has(x));
    const onlyB = b.filter((x) => !sa.has(x));
    diffBeads += onlyA.length + onlyB.length;
    if (onlyA.length || onlyB.length) console.log(`${k}: -${onlyA.length} +${onlyB.length}`, onlyA.slice(0, 5), onlyB.slice(0, 5));
    const sc = new Map(other[k].map((s) => [s.split(" ")[0], s.split(" ").slice(1)] as const));
    for (const s of out[k]) {
      const [bd, v, conf] = s.split(" ");
      const o = sc.get(bd);
      if (!o) continue;
      if (o[0] !== v) diffScores++;
      if (o[1] !== undefined && conf !== undefined) maxConf = Math.max(maxConf, Math.abs(Number(o[1]) - Number(conf)));
    }
  }
  console.log(`bead differences: ${diffBeads}; score differences on common beads: ${diffScores}; largest confidence difference: ${maxConf}`);
}

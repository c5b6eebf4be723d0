/**
 * QA checks benchmark: synthetic errors made from the MAC-Dev gold alignments.
 *   npx tsx bench/checks.ts            (seed 20240601; PARALLAX_QA_SEED=n to change)
 *
 * Untouched gold = every non-gap gold bead (1-1, 1-n, n-1, m-n). Corruptions, each
 * applied to one gold pair at a time (checked with the untouched document's
 * DocContext, as the UI does after an edit):
 *   (a) number  — pairs with a number matched on both sides: one matched English number changed
 *   (b) name    — pairs with an English name matched in the Chinese: that name replaced by
 *                 another name of the same document that has no counterpart in the pair
 *   (c) clause  — English part after a comma removed when it carries ≥ 4 content words
 *   (d) sentence— one whole sentence dropped from a side with ≥ 2 sentences
 * For each check family: recall on each corruption (pairs where it fires) and the
 * false-alarm rate (share of untouched gold pairs where it fires).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { readAlign } from "../lib/alignment/format";
import { numbersMatch, extractNumbers, type NumberMention } from "../lib/text/numbers";
import { enTokens } from "../lib/qa/analyse";
import { buildDocContext, runChecks, type QaIssue, type QaPairInput } from "../lib/qa";
import { englishNameRuns, findRunInZhTexts } from "../lib/qa/names";
import { corporaDir, requireCorpora } from "../tests/corpora";

const CORPORA = corporaDir();
const SEED = Number(process.env.PARALLAX_QA_SEED ?? 20240601);
const lines = (f: string) => fs.readFileSync(f, "utf8").replace(/\n$/, "").split("\n");

function mulberry32(a: number) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(SEED);
const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];

const FAMILIES = ["number", "name", "omission", "addition", "terminology", "untranslated"] as const;
const family = (i: QaIssue) => i.checkId.split(".")[0];
const fires = (issues: QaIssue[], f: string) => issues.some((i) => family(i) === f);

const WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "twenty", "fifty"];
const WORD_VAL: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, twenty: 20, fifty: 50 };

/** (a) change one matched English number; null when the pair is not eligible. */
function corruptNumber(p: QaPairInput): QaPairInput | null {
  const zh = p.zh.flatMap((t) => extractNumbers(t, "zh"));
  if (!zh.length) return null;
  const cands: { s: number; m: NumberMention }[] = [];
  p.en.forEach((t, s) => {
    for (const m of extractNumbers(t, "en")) if (zh.some((z) => numbersMatch(z, m))) cands.push({ s, m });
  });
  if (!cands.length) return null;
  const { s, m } = pick(cands);
  const t = p.en[s];
  const zhVals = new Set(zh.map((z) => z.value));
  let rep: string;
  if (/^\s*\d/.test(m.raw)) {
    rep = m.raw.replace(/\d+/, (d) => {
      let v = Number(d);
      const delta = [1, 2, 3, 5, 10][Math.floor(rand() * 5)];
      v = v + delta;
      return String(v);
    });
  } else {
    const choices = WORDS.filter((w) => WORD_VAL[w] !== m.value && !zhVals.has(WORD_VAL[w]));
    const w = pick(choices);
    rep = m.raw[0] === m.raw[0].toUpperCase() ? w[0].toUpperCase() + w.slice(1) : w;
    if (m.kind === "ordinal" || m.kind === "date" || m.kind === "year" || m.kind === "percent") rep = m.raw.replace(/\d+/, (d) => String(Number(d) + 1));
    if (rep === m.raw) return null;
  }
  const en = [...p.en];
  en[s] = t.slice(0, m.start) + rep + t.slice(m.end);
  return { zh: p.zh, en };
}

/** (b) swap a matched English name for another name of the document. */
function corruptName(p: QaPairInput, docNames: string[], docLower: Set<string>, names: Record<string, string[]>): QaPairInput | null {
  const matched: { s: number; start: number; end: number; text: string }[] = [];
  p.en.forEach((t, s) => {
    for (const r of englishNameRuns(t, s, docLower)) if (findRunInZhTexts(r, p.zh, names)) matched.push({ s, start: r.start, end: r.end, text: r.text });
  });
  if (!matched.length) return null;
  const m = pick(matched);
  const others = docNames.filter((n) => n !== m.text && !p.en.join(" ").includes(n) && !englishNameRuns("He met " + n + ".", 0, docLower).some((r) => findRunInZhTexts(r, p.zh, names)));
  if (!others.length) return null;
  const rep = pick(others);
  const en = [...p.en];
  en[m.s] = p.en[m.s].slice(0, m.start) + rep + p.en[m.s].slice(m.end);
  return { zh: p.zh, en };
}

/** (c) remove the English after a comma when it carries ≥ 4 content words. */
function corruptClause(p: QaPairInput): QaPairInput | null {
  const cands: { s: number; at: number }[] = [];
  p.en.forEach((t, s) => {
    for (let i = t.indexOf(","); i >= 0; i = t.indexOf(",", i + 1)) {
      const rest = t.slice(i + 1);
      if (enTokens(rest).filter((k) => !k.stop && !k.numeric && k.text.length > 1).length >= 4) cands.push({ s, at: i });
    }
  });
  if (!cands.length) return null;
  const { s, at } = pick(cands);
  const en = [...p.en];
  const tail = /[.!?]["”’]?\s*$/.exec(p.en[s])?.[0]?.trim() ?? ".";
  en[s] = p.en[s].slice(0, at) + tail;
  return { zh: p.zh, en };
}

/** (d) drop one sentence of a multi-sentence side. */
function corruptSentence(p: QaPairInput): QaPairInput | null {
  const sides = (["zh", "en"] as const).filter((l) => p[l].length >= 2);
  if (!sides.length) return null;
  const side = pick(sides);
  const k = Math.floor(rand() * p[side].length);
  const kept = p[side].filter((_, i) => i !== k);
  return side === "zh" ? { zh: kept, en: p.en } : { zh: p.zh, en: kept };
}

interface Tally {
  n: number;
  hit: Record<string, number>;
  any: number;
  fresh: Record<string, number>;
}
const tally = (): Tally => ({ n: 0, hit: {}, any: 0, fresh: {} });

const t0 = Date.now();
const gold = tally();
const kinds = { "a number": tally(), "b name": tally(), "c clause": tally(), "d sentence": tally() };
const byCheckGold: Record<string, number> = {};
requireCorpora("mac-dev");
const dir = path.join(CORPORA, "mac-dev");
for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".align")).sort()) {
  const id = f.slice(0, -6);
  const zh = lines(path.join(dir, `${id}.zh`));
  const en = lines(path.join(dir, `${id}.en`));
  const beads = readAlign(fs.readFileSync(path.join(dir, f), "utf8"));
  const pairs: QaPairInput[] = beads.map((b) => ({ zh: b.zh.map((i) => zh[i]), en: b.en.map((j) => en[j]) }));
  const ctx = buildDocContext(pairs);
  const goldIssues = runChecks(pairs, { context: ctx });
  const docLower = new Set(ctx.enLowercase);
  const docNames = [...new Set(Object.values(ctx.names).flat())];
  const idx = pairs.map((_, k) => k).filter((k) => pairs[k].zh.length && pairs[k].en.length);
  for (const k of idx) {
    gold.n++;
    for (const fam of FAMILIES) if (fires(goldIssues[k], fam)) gold.hit[fam] = (gold.hit[fam] ?? 0) + 1;
    if (goldIssues[k].length) gold.any++;
    for (const c of new Set(goldIssues[k].map((i) => i.checkId))) byCheckGold[c] = (byCheckGold[c] ?? 0) + 1;
  }
  const makers: [keyof typeof kinds, (p: QaPairInput) => QaPairInput | null][] = [
    ["a number", corruptNumber],
    ["b name", (p) => corruptName(p, docNames, docLower, ctx.names)],
    ["c clause", corruptClause],
    ["d sentence", corruptSentence],
  ];
  for (const [kind, make] of makers) {
    const orig: number[] = [];
    const bad: QaPairInput[] = [];
    for (const k of idx) {
      const c = make(pairs[k]);
      if (c) {
        orig.push(k);
        bad.push(c);
      }
    }
    if (!bad.length) continue;
    const res = runChecks(bad, { context: ctx });
    const T = kinds[kind];
    res.forEach((issues, q) => {
      T.n++;
      if (process.env.QA_DEBUG === kind[0] && !fires(issues, process.env.QA_FAMILY ?? "name"))
        console.error(`MISS ${id}\n  ZH: ${bad[q].zh.join(" ")}\n  EN: ${bad[q].en.join(" ")}\n  was: ${pairs[orig[q]].en.join(" ")}`);
      if (issues.length) T.any++;
      for (const fam of FAMILIES) {
        if (!fires(issues, fam)) continue;
        T.hit[fam] = (T.hit[fam] ?? 0) + 1;
        if (!fires(goldIssues[orig[q]], fam)) T.fresh[fam] = (T.fresh[fam] ?? 0) + 1;
      }
    });
  }
}

const pct = (a: number | undefined, n: number) => (n ? ((100 * (a ?? 0)) / n).toFixed(1).padStart(6) : "     -");
const cpu = os.cpus()[0]?.model ?? "unknown";
console.log(`QA checks benchmark — MAC-Dev (6 documents), seed ${SEED}`);
console.log(`machine: nproc=${os.availableParallelism?.() ?? os.cpus().length}, CPU=${cpu}, node=${process.version}, ${os.platform()} ${os.arch()}`);
console.log(`pairs: gold non-gap ${gold.n}; corrupted: ${Object.entries(kinds).map(([k, t]) => `${k} ${t.n}`).join(", ")}`);
console.log("");
console.log("recall % (fires on the corrupted pair; in brackets: fires there but not on the same untouched pair) / false alarms % on untouched gold");
const head = ["check", "false alarm", ...Object.keys(kinds)];
console.log(head.map((h, i) => (i === 0 ? h.padEnd(14) : h.padStart(i === 1 ? 11 : 18))).join(" "));
for (const fam of [...FAMILIES, "any"]) {
  const row = [fam.padEnd(14), (fam === "any" ? pct(gold.any, gold.n) : pct(gold.hit[fam], gold.n)).padStart(11)];
  for (const T of Object.values(kinds)) {
    if (fam === "any") row.push(`${pct(T.any, T.n)}        `.padStart(18));
    else row.push(`${pct(T.hit[fam], T.n)} (${pct(T.fresh[fam], T.n).trim()})`.padStart(18));
  }
  console.log(row.join(" "));
}
console.log("");
console.log("false alarms by check id (share of gold pairs): " + Object.entries(byCheckGold).sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${pct(n, gold.n).trim()}%`).join(", "));
console.log(`time ${((Date.now() - t0) / 1000).toFixed(1)} s`);

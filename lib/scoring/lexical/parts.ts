/**
 * The parts of a bead's score (ScoreParts): coverages, numbers, names, length and dialogue
 * structure, with the matched word pairs for highlighting. The calibrated score is made of them
 * (calibrate.ts).
 */
import type { MatchedPair, ScoreParts } from "../types";
import type { LexDoc } from "./doc";
import type { Link } from "./evidence";
import { findName } from "./names";
import { K_NAME, K_NUMBER, KIND_NAMES, type EnSent, type ZhSent } from "./sentences";

/** (sentence, token) as one number: sentence · 2³² + token */
const PAIR_KEY = 2 ** 32;

/** Score parts of the bead zIdx × eIdx (document sentence indices, any sets). */
export function scoreParts(doc: LexDoc, zIdx: number[], eIdx: number[]): ScoreParts {
  // the bead's pair evidence with links, computed once: the bitsets go to the pair cache, where
  // the coverage below reads them
  const links = zIdx.flatMap((i) => eIdx.map((j) => doc.pairs.links(i, j)));
  const o = doc.cov.of(zIdx, zIdx.length, eIdx, eIdx.length);
  const { mz, tz, me, te } = o;
  // each sentence's matched weight by the other side, from the same tally (read before structure reuses it)
  const inZ = zIdx.map((_, a) => o.sentZ[a]);
  const inE = eIdx.map((_, b) => o.sentE[b]);
  const m = matches(doc, zIdx, eIdx, links);
  let lz = 0;
  let le = 0;
  for (const i of zIdx) lz += doc.zh[i].len;
  for (const j of eIdx) le += doc.en[j].len;
  const lenScore = Math.exp(zIdx.length && eIdx.length ? doc.length.logDensity(lz, le) : 0);
  const structure = { punctMismatch: punctMismatch(doc, zIdx, eIdx), ...support(doc, zIdx, eIdx, inZ, inE) };
  return {
    coverageZhEn: o.share(mz, tz),
    coverageEnZh: o.share(me, te),
    numbers: { matched: m.numMatched, total: m.numTotal, score: m.numTotal ? m.numMatched / m.numTotal : null },
    names: { matched: m.nameMatched, total: m.nameTotal, score: m.nameTotal ? m.nameMatched / m.nameTotal : null },
    evidence: { zhMatched: mz, zhTotal: tz, enMatched: me, enTotal: te, nameWeight: m.nameWeight, rare: m.rare, ...structure },
    length: { zhChars: lz, enChars: le, ratio: lz > 0 ? le / lz : 0, expected: doc.length.ratio, score: lenScore },
    pairs: m.pairs,
  };
}

interface Matches {
  pairs: MatchedPair[];
  /** number mentions on both sides, and those matched */
  numTotal: number;
  numMatched: number;
  /** English name candidates, those matched, and their weight */
  nameTotal: number;
  nameMatched: number;
  nameWeight: number;
  /** matched names, numbers and capitalised words rare in the document (ScoreParts.evidence.rare) */
  rare: number;
}

/** What the links of the bead's pairs (zh sentence a, en sentence b: links[a·|eIdx| + b]) match. */
function matches(doc: LexDoc, zIdx: number[], eIdx: number[], links: Link[][]): Matches {
  const m: Matches = { pairs: [], numTotal: 0, numMatched: 0, nameTotal: 0, nameMatched: 0, nameWeight: 0, rare: 0 };
  for (const i of zIdx) for (const t of doc.zh[i].toks) if (t.kind === K_NUMBER) m.numTotal++;
  for (const j of eIdx)
    for (const t of doc.en[j].toks) {
      if (t.kind === K_NUMBER) m.numTotal++;
      if (t.segs) m.nameTotal++;
    }
  const names = new Set<number>();
  const rare = new Set<number>();
  const numZ = new Set<number>();
  const numE = new Set<number>();
  for (let a = 0; a < zIdx.length; a++)
    for (let b = 0; b < eIdx.length; b++) {
      const zs = doc.zh[zIdx[a]];
      const es = doc.en[eIdx[b]];
      for (const [ti, bi, kind] of links[a * eIdx.length + b]) {
        const et = es.toks[bi];
        const key = b * PAIR_KEY + bi;
        if (kind === K_NAME && !names.has(key)) {
          names.add(key);
          m.nameWeight += et.w;
        }
        if (kind === K_NUMBER) {
          numZ.add(a * PAIR_KEY + ti);
          numE.add(key);
        }
        const special = kind === K_NAME || kind === K_NUMBER || (et.start > 0 && /^[A-Z]/.test(et.text));
        if (special && et.df <= 1 && (ti < 0 || zs.toks[ti].df <= 2)) rare.add(key);
        addPair(m.pairs, zs, es, a, b, ti, bi, kind);
      }
    }
  m.numMatched = numZ.size + numE.size;
  m.nameMatched = names.size;
  m.rare = rare.size;
  return m;
}

/** The matched pair of a link for highlighting (once per zh and en start in a sentence pair). */
function addPair(pairs: MatchedPair[], zs: ZhSent, es: EnSent, a: number, b: number, ti: number, bi: number, kind: number): void {
  const et = es.toks[bi];
  // a name without a token of its own starts at char −1 − ti
  let zStart = ti < 0 ? -1 - ti : zs.toks[ti].start;
  let zEnd = ti < 0 ? zStart + 1 : zs.toks[ti].end;
  if (kind === K_NAME) {
    // widen to the whole pinyin span
    const span = findName(zs, et.segs!);
    if (span) [zStart, zEnd] = span;
  }
  if (pairs.some((p) => p.zhSentence === a && p.enSentence === b && p.zhStart === zStart && p.enStart === et.start)) return;
  pairs.push({
    kind: KIND_NAMES[kind],
    zhSentence: a,
    zhStart: zStart,
    zhEnd: zEnd,
    zhText: zs.text.slice(zStart, zEnd),
    enSentence: b,
    enStart: et.start,
    enEnd: et.end,
    enText: et.text,
  });
}

/** How many of quote / ? / ! appear on one side only (0–3). */
function punctMismatch(doc: LexDoc, zIdx: number[], eIdx: number[]): number {
  let pz = 0;
  let pe = 0;
  for (const i of zIdx) pz |= doc.zh[i].punct;
  for (const j of eIdx) pe |= doc.en[j].punct;
  const x = pz ^ pe;
  return (x & 1) + ((x >> 1) & 1) + ((x >> 2) & 1);
}

/**
 * Quotation boundaries where the sides disagree (0–2), the weakest support of a sentence of the
 * bead by the other side (inZ / inE: the matched weights of its sentences), and the strongest
 * support of a sentence just outside it.
 */
function support(doc: LexDoc, zIdx: number[], eIdx: number[], inZ: number[], inE: number[]): { quoteBoundary: number; weakest: number; neighbour: number } {
  if (!zIdx.length || !eIdx.length) return { quoteBoundary: 0, weakest: 0, neighbour: 0 };
  let weakest = 1;
  for (let a = 0; a < zIdx.length; a++) {
    const t = doc.zh[zIdx[a]].totalW;
    if (t > 0) weakest = Math.min(weakest, doc.cov.share(inZ[a], t));
  }
  for (let b = 0; b < eIdx.length; b++) {
    const t = doc.en[eIdx[b]].totalW;
    if (t > 0) weakest = Math.min(weakest, doc.cov.share(inE[b], t));
  }
  return { quoteBoundary: quoteBoundary(doc, zIdx, eIdx), weakest, neighbour: neighbour(doc, zIdx, eIdx) };
}

function quoteBoundary(doc: LexDoc, zIdx: number[], eIdx: number[]): number {
  const c = doc.ctx;
  const before = (q: Uint8Array, k: number) => (k > 0 ? q[k - 1] : 0);
  const zBefore = c ? c.zqBefore : before(doc.zhQ, Math.min(...zIdx));
  const eBefore = c ? c.eqBefore : before(doc.enQ, Math.min(...eIdx));
  const zAfter = c ? c.zqAfter : doc.zhQ[Math.max(...zIdx)];
  const eAfter = c ? c.eqAfter : doc.enQ[Math.max(...eIdx)];
  return (zBefore !== eBefore ? 1 : 0) + (zAfter !== eAfter ? 1 : 0);
}

/** Highest share of an adjacent sentence outside the bead explained by the bead's other side. */
function neighbour(doc: LexDoc, zIdx: number[], eIdx: number[]): number {
  const zCov = (i: number) => {
    const o = doc.cov.of([i], 1, eIdx, eIdx.length);
    return o.share(o.mz, o.tz);
  };
  const eCov = (j: number) => {
    const o = doc.cov.of(zIdx, zIdx.length, [j], 1);
    return o.share(o.me, o.te);
  };
  let best = 0;
  if (doc.ctx) {
    for (const i of doc.ctx.zOut) best = Math.max(best, zCov(i));
    for (const j of doc.ctx.eOut) best = Math.max(best, eCov(j));
    return best;
  }
  const zMin = Math.min(...zIdx);
  const zMax = Math.max(...zIdx);
  const eMin = Math.min(...eIdx);
  const eMax = Math.max(...eIdx);
  if (zMin > 0) best = Math.max(best, zCov(zMin - 1));
  if (zMax + 1 < doc.nZh) best = Math.max(best, zCov(zMax + 1));
  if (eMin > 0) best = Math.max(best, eCov(eMin - 1));
  if (eMax + 1 < doc.nEn) best = Math.max(best, eCov(eMax + 1));
  return best;
}

/**
 * Comparable mode (two texts that only partly overlap) and the auto-mode decision.
 *
 * Comparable: candidate pairs from rare shared evidence (or all pairs for small
 * inputs) are scored; pairs are taken greedily, strongest first, and a bead may
 * grow to 1-n or n-1 when the added sentence is itself well explained by the
 * other side. A bead survives only if its calibrated score clears a confidence
 * bar — nothing is forced; everything else is a gap bead. Correspondences may cross.
 */
import type { DocScorer, ScoreParts } from "../scoring/types";

/**
 * A correspondence is confident when it shares at least two rare words (names,
 * numbers, terms found once in the English text and at most twice in the Chinese),
 * or when the shorter side is almost fully explained and the longer side substantially.
 */
export function confident(p: ScoreParts): boolean {
  if (p.evidence.rare >= 2) return true;
  const zShort = p.evidence.zhTotal <= p.evidence.enTotal;
  const cs = zShort ? p.coverageZhEn : p.coverageEnZh;
  const cl = zShort ? p.coverageEnZh : p.coverageZhEn;
  const ts = zShort ? p.evidence.zhTotal : p.evidence.enTotal;
  return cs >= 0.75 && ts >= 8 && cl >= 0.3;
}

export const COMPARABLE_PARAMS = {
  /** all pairs are examined below this lattice size */
  allPairsLimit: 250_000,
  candidatesPerSentence: 12,
};

function checkAbort(signal?: AbortSignal) {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error("aborted");
}

interface Cand {
  i: number;
  j: number;
  score: number;
  cz: number;
  ce: number;
}

function candidatePairs(scorer: DocScorer, signal?: AbortSignal): Cand[] {
  const nZ = scorer.nZh;
  const nE = scorer.nEn;
  const out: Cand[] = [];
  const all = nZ * nE <= COMPARABLE_PARAMS.allPairsLimit;
  for (let j = 0; j < nE; j++) {
    if ((j & 255) === 0) checkAbort(signal);
    const list = all ? Array.from({ length: nZ }, (_, i) => i) : scorer.candidatesForEn(j, COMPARABLE_PARAMS.candidatesPerSentence);
    for (const i of list) {
      if (scorer.sim(i, i + 1, j, j + 1) <= 0.02) continue;
      const s = scorer.score([i], [j]);
      if (!confident(s.parts)) continue;
      const e = s.parts.evidence;
      out.push({ i, j, score: e.rare * 10 + e.zhMatched + e.enMatched, cz: s.parts.coverageZhEn, ce: s.parts.coverageEnZh });
    }
  }
  return out;
}

/**
 * A heading: the text's first line when it reads as a title, i.e. short and without
 * sentence-final punctuation (news headlines, chapter titles).
 */
export function headingLike(text: string, lang: "zh" | "en"): boolean {
  const t = text.trim().replace(/["'“”‘’」』》)\]]+$/u, "");
  if (!t || /[.!?;:。！？；：…]$/u.test(t)) return false;
  return lang === "zh" ? [...t.replace(/\s+/g, "")].length <= 40 : t.split(/\s+/).length <= 20;
}

/**
 * The two texts' titles correspond when both begin with a heading and the headings share
 * evidence: at least two English words matched and a fifth of the shorter heading explained.
 * Titles are short and made of the document's most frequent words, so they rarely carry the rare
 * evidence `confident` asks for, while their position is evidence of its own.
 */
export function titlesCorrespond(p: ScoreParts): boolean {
  const enWords = new Set(p.pairs.map((x) => `${x.enSentence}:${x.enStart}`)).size;
  const zShort = p.evidence.zhTotal <= p.evidence.enTotal;
  return enWords >= 2 && (zShort ? p.coverageZhEn : p.coverageEnZh) >= 0.2;
}

export function alignComparable(
  scorer: DocScorer,
  opts: {
    onProgress?: (d: number, t: number, s: string) => void;
    signal?: AbortSignal;
    /** the sentences' texts (for the titles) */
    texts?: { zh: string[]; en: string[] };
    /** links found before (the island model's confident anchors): kept, and may grow */
    seed?: { zh: number[]; en: number[] }[];
  } = {},
): { zh: number[]; en: number[] }[] {
  opts.onProgress?.(1, 4, "comparable: candidates");
  const cands = candidatePairs(scorer, opts.signal);
  cands.sort((a, b) => b.score - a.score);
  const zhBead = new Int32Array(scorer.nZh).fill(-1);
  const enBead = new Int32Array(scorer.nEn).fill(-1);
  const beads: { zh: number[]; en: number[] }[] = [];
  for (const b of opts.seed ?? []) {
    b.zh.forEach((i) => (zhBead[i] = beads.length));
    b.en.forEach((j) => (enBead[j] = beads.length));
    beads.push({ zh: [...b.zh], en: [...b.en] });
  }
  opts.onProgress?.(2, 4, "comparable: matching");
  for (const c of cands) {
    const bz = zhBead[c.i];
    const be = enBead[c.j];
    if (bz < 0 && be < 0) {
      zhBead[c.i] = enBead[c.j] = beads.length;
      beads.push({ zh: [c.i], en: [c.j] });
    } else if (bz < 0 && be >= 0) {
      // grow an English-led bead with another Chinese sentence (n-1)
      const b = beads[be];
      if (b.en.length > 1) continue;
      if (!confident(scorer.score([c.i], b.en).parts)) continue;
      const merged = scorer.score([...b.zh, c.i].sort((x, y) => x - y), b.en);
      const before = scorer.score(b.zh, b.en);
      if (merged.parts.coverageEnZh <= before.parts.coverageEnZh) continue;
      b.zh.push(c.i);
      b.zh.sort((x, y) => x - y);
      zhBead[c.i] = be;
    } else if (be < 0 && bz >= 0) {
      const b = beads[bz];
      if (b.zh.length > 1) continue;
      if (!confident(scorer.score(b.zh, [c.j]).parts)) continue;
      const merged = scorer.score(b.zh, [...b.en, c.j].sort((x, y) => x - y));
      const before = scorer.score(b.zh, b.en);
      if (merged.parts.coverageZhEn <= before.parts.coverageZhEn) continue;
      b.en.push(c.j);
      b.en.sort((x, y) => x - y);
      enBead[c.j] = bz;
    }
  }
  // the titles: both texts' first sentences, when both are headings with shared evidence
  const t = opts.texts;
  if (t && t.zh.length && t.en.length && zhBead[0] < 0 && enBead[0] < 0 && headingLike(t.zh[0], "zh") && headingLike(t.en[0], "en")) {
    if (titlesCorrespond(scorer.score([0], [0]).parts)) {
      zhBead[0] = enBead[0] = beads.length;
      beads.push({ zh: [0], en: [0] });
    }
  }
  const kept = beads;
  const usedZ = new Set<number>();
  const usedE = new Set<number>();
  for (const b of kept) {
    b.zh.forEach((i) => usedZ.add(i));
    b.en.forEach((j) => usedE.add(j));
  }
  const out = [...kept];
  for (let i = 0; i < scorer.nZh; i++) if (!usedZ.has(i)) out.push({ zh: [i], en: [] });
  for (let j = 0; j < scorer.nEn; j++) if (!usedE.has(j)) out.push({ zh: [], en: [j] });
  return out;
}

/**
 * Auto mode: look at confident 1-1 matches of a sample of English sentences.
 * Parallel when they cover most sentences and run in order; comparable otherwise.
 */
export function chooseMode(scorer: DocScorer, signal?: AbortSignal): { mode: "parallel" | "comparable"; reason: string } {
  const nZ = scorer.nZh;
  const nE = scorer.nEn;
  if (nZ === 0 || nE === 0) return { mode: "parallel", reason: "one side is empty" };
  const sizeRatio = nZ / nE;
  const step = Math.max(1, Math.floor(nE / 1500));
  const pts: [number, number][] = [];
  let sampled = 0;
  for (let j = 0; j < nE; j += step) {
    if ((sampled & 255) === 0) checkAbort(signal);
    sampled++;
    let best = 0;
    let second = 0;
    let bi = -1;
    for (const i of scorer.candidatesForEn(j, 6)) {
      const s = scorer.sim(i, i + 1, j, j + 1);
      if (s > best) {
        second = best;
        best = s;
        bi = i;
      } else if (s > second) second = s;
    }
    if (bi >= 0 && best >= 0.3 && best - second >= 0.1) pts.push([j, bi]);
  }
  // order agreement: share of matched points on the longest increasing chain
  const tails: number[] = [];
  for (const [, i] of pts) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (tails[m] <= i) lo = m + 1;
      else hi = m;
    }
    tails[lo] = i;
  }
  const matched = pts.length / Math.max(1, sampled);
  const ordered = pts.length ? tails.length / pts.length : 0;
  // positional agreement: matched zh index close to the diagonal
  let near = 0;
  for (const [j, i] of pts) if (Math.abs(i / nZ - j / nE) < 0.15) near++;
  const diag = pts.length ? near / pts.length : 0;
  const facts = `${(matched * 100).toFixed(0)}% of English sentences have a confident match, ${(ordered * 100).toFixed(0)}% of those in order, ${(diag * 100).toFixed(0)}% near the diagonal; zh/en sentence ratio ${sizeRatio.toFixed(2)}`;
  const parallel = matched >= 0.15 && ordered >= 0.5 && diag >= 0.62 && sizeRatio > 0.33 && sizeRatio < 3;
  return {
    mode: parallel ? "parallel" : "comparable",
    reason: parallel
      ? `parallel: ${facts}`
      : `comparable: ${facts} (parallel needs ≥15% matched, ≥50% in order, ≥62% near the diagonal, zh/en ratio 0.33–3)`,
  };
}

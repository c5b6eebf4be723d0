/**
 * Parallax alignment engine — public API (plain TypeScript, synchronous).
 *
 * Modes: "parallel" forces the monotonic search (lib/alignment/parallel.ts); "auto" and
 * "comparable" use the island model (lib/alignment/islands.ts: confident anchors, monotonic runs
 * that may be out of order, gaps where the evidence is missing), whose result is reported as
 * parallel when the runs are in order and cover the whole text, comparable otherwise.
 *
 * Bead order (both modes): reading order of the English side. In parallel mode
 * beads are monotonic, so this is also Chinese order. In comparable mode a bead
 * is placed at its smallest English index; Chinese-only gap beads (and excluded
 * Chinese sentences) are placed right after the bead holding their nearest
 * preceding Chinese sentence (at the start when there is none); beads whose
 * Chinese side goes backwards relative to an earlier bead get `crossing: true`.
 * Excluded sentences (web clutter) are never aligned: each is its own gap bead
 * at its place in the reading order.
 */
import { calibrate, lexicalScorer } from "../scoring/lexical";
import type { BeadScore, DocScorer, ScoreParts, ScorerFactory } from "../scoring/types";
import { alignParallel, range } from "./parallel";
import { alignIslands } from "./islands";
import { partialMatch, textScorer, withoutNeighbours } from "./partial";
import type { RangeBead } from "./dp";
import { alignmentConfidences } from "./confidence";

export type { ScoreParts, MatchedPair, DocScorer, ScorerFactory, BeadScore } from "../scoring/types";
export { DocumentScorer, scoreBeadInDocument } from "./rescore";

export interface AlignInput {
  text: string;
  /** web clutter: never aligned, emitted as its own gap bead at its place */
  excluded?: boolean;
}

export interface AlignOptions {
  mode?: "auto" | "parallel" | "comparable";
  onProgress?: (done: number, total: number, stage: string) => void;
  signal?: AbortSignal;
  /** scorer to use (default: lexical CC-CEDICT scorer) */
  scorer?: ScorerFactory;
  /** compute Bead.confidence (default true; false leaves it null and skips the stage) */
  confidence?: boolean;
}

export interface Bead {
  zh: number[];
  en: number[];
  /** 0–100 calibrated; null for gap beads */
  score: number | null;
  parts: ScoreParts | null;
  /** comparable mode: the bead goes backwards on the Chinese side, or its sentences of a side are not consecutive */
  crossing: boolean;
  excluded?: boolean;
  /** 0–1: the probability that this bead is right (lib/alignment/confidence.ts); null for excluded clutter beads */
  confidence?: number | null;
  /**
   * comparable mode, a partial correspondence: the other side renders only this part (UTF-16
   * offsets, end exclusive) of this side's only sentence, and `score` is the score of that part
   * (lib/alignment/partial.ts); `parts` stay those of the whole bead
   */
  partial?: { side: "zh" | "en"; start: number; end: number };
}

export interface AlignmentStats {
  zhSentences: number;
  enSentences: number;
  zhExcluded: number;
  enExcluded: number;
  beads: number;
  matchedBeads: number;
  zhGaps: number;
  enGaps: number;
  crossingBeads: number;
  meanScore: number | null;
  anchors: number;
  searchedCells: number;
  ms: number;
}

export interface AlignmentResult {
  mode: "parallel" | "comparable";
  modeReason: string;
  beads: Bead[];
  stats: AlignmentStats;
}

function assembleParallel(
  ranges: RangeBead[],
  zhMap: number[],
  enMap: number[],
): { zh: number[]; en: number[]; local: { zh: number[]; en: number[] } }[] {
  return ranges.map((r) => {
    const lz = range(r.z0, r.z1);
    const le = range(r.e0, r.e1);
    return { zh: lz.map((i) => zhMap[i]), en: le.map((j) => enMap[j]), local: { zh: lz, en: le } };
  });
}

/**
 * Align Chinese and English sentences. Every sentence index of both sides appears
 * in exactly one bead.
 */
export function align(zh: AlignInput[], en: AlignInput[], opts: AlignOptions = {}): AlignmentResult {
  const t0 = Date.now();
  const factory = opts.scorer ?? lexicalScorer;
  const zhMap: number[] = [];
  const enMap: number[] = [];
  zh.forEach((s, i) => {
    if (!s.excluded) zhMap.push(i);
  });
  en.forEach((s, j) => {
    if (!s.excluded) enMap.push(j);
  });
  opts.onProgress?.(0, 4, "preparing");
  const scorer = factory.prepare(
    zhMap.map((i) => zh[i].text),
    enMap.map((j) => en[j].text),
    { signal: opts.signal },
  );
  let mode: "parallel" | "comparable";
  let modeReason: string;
  const texts = { zh: zhMap.map((i) => zh[i].text), en: enMap.map((j) => en[j].text) };
  let local: { zh: number[]; en: number[] }[];
  let anchors = 0;
  let cells = 0;
  if (opts.mode === "parallel") {
    mode = "parallel";
    modeReason = "mode parallel requested";
    const r = alignParallel(scorer, { onProgress: opts.onProgress, signal: opts.signal });
    local = r.beads.map((b) => ({ zh: range(b.z0, b.z1), en: range(b.e0, b.e1) }));
    anchors = r.stats.anchors;
    cells = r.stats.windowCells + r.stats.secondPassCells;
  } else {
    // the island model (auto and comparable): monotonic runs, moved blocks and gaps together
    const r = alignIslands(scorer, {
      onProgress: opts.onProgress,
      signal: opts.signal,
      comparable: opts.mode === "comparable",
      texts,
    });
    local = r.beads;
    mode = opts.mode === "comparable" || r.reordered ? "comparable" : "parallel";
    modeReason = opts.mode === "comparable" ? `mode comparable requested; ${r.reason}` : `${mode}: ${r.reason}`;
    anchors = r.stats.anchors;
    cells = r.stats.windowCells + r.stats.secondPassCells;
  }
  opts.onProgress?.(3.5, 4, "scoring");
  const confidence =
    opts.confidence === false
      ? null
      : (scores: (number | null)[]) => {
          opts.onProgress?.(3.75, 4, "confidence");
          return alignmentConfidences(scorer, local, scores);
        };
  const beads = finalize(local, scorer, zhMap, enMap, zh.length, en.length, mode, confidence, texts, factory === lexicalScorer);
  const matched = beads.filter((b) => b.score !== null);
  const stats: AlignmentStats = {
    zhSentences: zh.length,
    enSentences: en.length,
    zhExcluded: zh.length - zhMap.length,
    enExcluded: en.length - enMap.length,
    beads: beads.length,
    matchedBeads: matched.length,
    zhGaps: beads.filter((b) => !b.excluded && b.en.length === 0).length,
    enGaps: beads.filter((b) => !b.excluded && b.zh.length === 0).length,
    crossingBeads: beads.filter((b) => b.crossing).length,
    meanScore: matched.length ? Math.round((matched.reduce((s, b) => s + (b.score ?? 0), 0) / matched.length) * 10) / 10 : null,
    anchors,
    searchedCells: cells,
    ms: Date.now() - t0,
  };
  opts.onProgress?.(4, 4, "done");
  return { mode, modeReason, beads, stats };
}

/** Map local beads to global indices, score them and insert excluded sentences in reading order. */
function finalize(
  local: { zh: number[]; en: number[] }[],
  scorer: DocScorer,
  zhMap: number[],
  enMap: number[],
  nZh: number,
  nEn: number,
  mode: "parallel" | "comparable",
  confidence: ((scores: (number | null)[]) => Float64Array) | null = null,
  texts: { zh: string[]; en: string[] } | null = null,
  lexical = false,
): Bead[] {
  // parallel beads are monotonic: free the scorer's pair cache behind the bead being scored
  // (a bead also reads its neighbouring sentences, hence the margin)
  const release = mode === "parallel" && scorer.releaseBefore ? scorer.releaseBefore.bind(scorer) : null;
  const partial = mode === "comparable" ? textScorer(scorer) : null;
  // comparable mode, lexical scorer: scores without the neighbours' evidence (partial.ts)
  const adjust = mode === "comparable" && lexical ? (x: BeadScore) => withoutNeighbours(x, calibrate) : null;
  const beads: Bead[] = local.map((b, k) => {
    if (release && (k & 127) === 0 && b.zh.length && b.zh[0] > 8) release(b.zh[0] - 4);
    const s0 = b.zh.length && b.en.length ? scorer.score(b.zh, b.en) : null;
    const s = s0 && adjust ? adjust(s0) : s0;
    // comparable text: a bead whose other side renders only a clause is scored on that clause
    const part = s && texts && partial ? partialMatch(partial, b.zh.map((i) => texts.zh[i]), b.en.map((j) => texts.en[j]), s, b, adjust ?? undefined) : null;
    return {
      zh: b.zh.map((i) => zhMap[i]),
      en: b.en.map((j) => enMap[j]),
      score: s ? (part ? part.score : s.score) : null,
      parts: s ? s.parts : null,
      crossing: false,
      confidence: null,
      ...(part ? { partial: { side: part.side, start: part.start, end: part.end } } : {}),
    };
  });
  // the probability that each bead is right, from the search's own lattice (lib/alignment/confidence.ts)
  const conf = confidence?.(beads.map((b) => b.score));
  if (conf) beads.forEach((b, k) => (b.confidence = conf[k]));
  // order (comparable): by min English index; zh-only gaps after the bead of the nearest preceding zh sentence
  let ordered: Bead[];
  if (mode === "comparable") ordered = orderComparable(beads);
  else ordered = beads;
  // crossing flags
  let maxZh = -1;
  for (const b of ordered) {
    if (!b.zh.length) continue;
    const mn = Math.min(...b.zh);
    // (a bead whose sentences of one side are not consecutive counts as crossing too)
    b.crossing = mode === "comparable" && b.en.length > 0 && (mn < maxZh || gapped(b.zh) || gapped(b.en));
    maxZh = Math.max(maxZh, ...b.zh);
  }
  // insert excluded sentences
  const zhSet = new Set(zhMap);
  const enSet = new Set(enMap);
  if (zhSet.size === nZh && enSet.size === nEn) return ordered;
  const result: Bead[] = [];
  let nextZh = 0;
  let nextEn = 0;
  const flush = (zUpTo: number, eUpTo: number) => {
    while (nextEn < nEn && nextEn < eUpTo) {
      if (!enSet.has(nextEn)) result.push({ zh: [], en: [nextEn], score: null, parts: null, crossing: false, excluded: true, confidence: null });
      nextEn++;
    }
    while (nextZh < nZh && nextZh < zUpTo) {
      if (!zhSet.has(nextZh)) result.push({ zh: [nextZh], en: [], score: null, parts: null, crossing: false, excluded: true, confidence: null });
      nextZh++;
    }
  };
  for (const b of ordered) {
    const zMin = b.zh.length ? Math.min(...b.zh) : -1;
    const eMin = b.en.length ? Math.min(...b.en) : -1;
    // excluded sentences located before this bead (only move forward)
    flush(zMin >= 0 && zMin >= nextZh ? zMin : nextZh, eMin >= 0 && eMin >= nextEn ? eMin : nextEn);
    result.push(b);
    if (b.zh.length) nextZh = Math.max(nextZh, Math.max(...b.zh) + 1);
    if (b.en.length) nextEn = Math.max(nextEn, Math.max(...b.en) + 1);
  }
  // remaining excluded (and any skipped over by crossing beads)
  const placed = new Set<string>();
  for (const b of result) if (b.excluded) placed.add((b.zh.length ? "z" : "e") + (b.zh[0] ?? b.en[0]));
  for (let i = 0; i < nZh; i++)
    if (!zhSet.has(i) && !placed.has("z" + i)) result.push({ zh: [i], en: [], score: null, parts: null, crossing: false, excluded: true, confidence: null });
  for (let j = 0; j < nEn; j++)
    if (!enSet.has(j) && !placed.has("e" + j)) result.push({ zh: [], en: [j], score: null, parts: null, crossing: false, excluded: true, confidence: null });
  return result;
}

/** Whether sorted-or-not indices leave a hole. */
function gapped(xs: number[]): boolean {
  if (xs.length < 2) return false;
  const s = [...xs].sort((a, b) => a - b);
  return s.some((x, k) => k > 0 && x !== s[k - 1] + 1);
}

function orderComparable(beads: Bead[]): Bead[] {
  const withEn = beads.filter((b) => b.en.length > 0).sort((a, b) => Math.min(...a.en) - Math.min(...b.en));
  const zhGaps = beads.filter((b) => b.en.length === 0).sort((a, b) => a.zh[0] - b.zh[0]);
  // owner of each zh sentence
  const out: Bead[] = [];
  const after = new Map<Bead | null, Bead[]>();
  const zhOwner = new Map<number, Bead>();
  for (const b of withEn) for (const i of b.zh) zhOwner.set(i, b);
  for (const g of zhGaps) {
    let owner: Bead | null = null;
    for (let i = g.zh[0] - 1; i >= 0; i--) {
      const o = zhOwner.get(i);
      if (o) {
        owner = o;
        break;
      }
      // chain: a preceding zh gap goes to its own owner — follow via zhOwner of gaps
    }
    const l = after.get(owner) ?? [];
    l.push(g);
    after.set(owner, l);
  }
  out.push(...(after.get(null) ?? []));
  for (const b of withEn) {
    out.push(b);
    out.push(...(after.get(b) ?? []));
  }
  return out;
}

/**
 * Re-score one bead WITHOUT its document. Its score is on a different scale from align's (no
 * document idf, length ratio, learned translations or neighbours): after a manual edit use
 * DocumentScorer / scoreBeadInDocument instead. `ctx` may pass the
 * whole documents so that weights and the length ratio are document-specific.
 */
export function scorePair(
  zh: string[],
  en: string[],
  ctx?: { zhDoc?: string[]; enDoc?: string[]; scorer?: ScorerFactory },
): { score: number; parts: ScoreParts } {
  const factory = ctx?.scorer ?? lexicalScorer;
  const zhDoc = ctx?.zhDoc ?? [];
  const enDoc = ctx?.enDoc ?? [];
  const scorer = factory.prepare([...zh, ...zhDoc], [...en, ...enDoc]);
  const r = scorer.score(range(0, zh.length), range(0, en.length));
  if (factory === lexicalScorer && (zhDoc.length || enDoc.length)) {
    // the context documents follow the bead here, so "adjacent sentences" are not real neighbours
    const parts = { ...r.parts, evidence: { ...r.parts.evidence, neighbour: 0 } };
    return { score: calibrate(parts), parts };
  }
  return { score: r.score, parts: r.parts };
}

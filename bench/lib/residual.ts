/**
 * Residual blocks (the island model's last step, issue 13): runs of English sentences that the
 * island passes left without counterpart are aligned, one run against one run of Chinese
 * sentences also left without counterpart, by the monotonic search with gaps. A run of a moved
 * block whose literary sentences gave no mutual-best anchor is found this way when the whole
 * run's evidence, summed over its beads, is clearly better than leaving it unlinked.
 */
import type { DocScorer } from "../../lib/scoring/types";
import { DocView, ISLAND_PARAMS } from "../../lib/alignment/islands";
import { alignParallel, range } from "../../lib/alignment/parallel";

type Links = { zh: number[]; en: number[] }[];

export const RESIDUAL_PARAMS = {
  /** English runs of at least this many unlinked sentences are tried */
  minRun: 3,
  /** Chinese runs of at least this many */
  minZhRun: 2,
  /** gap bonus per sentence in the run-against-run search */
  gapBonus: 3,
};

/** One run of English sentences aligned against one run of Chinese sentences. */
export interface ResidualCandidate {
  e0: number;
  e1: number;
  z0: number;
  z1: number;
  links: Links;
  /** English / Chinese sentences of the runs the links cover */
  linkedEn: number;
  linkedZh: number;
  /** summed and mean calibrated score of the link beads */
  sumScore: number;
  meanScore: number;
  /** link beads with a calibrated score of at least 50 */
  strong: number;
  /** length log-density of the two whole runs, and of the span the links cover */
  runLength: number;
  spanLength: number;
}

/** Runs [start, end) of at least `min` consecutive members of a sorted list of sentences. */
export function sentenceRuns(sorted: number[], min: number): [number, number][] {
  const out: [number, number][] = [];
  for (let p = 0; p < sorted.length; ) {
    let q = p + 1;
    while (q < sorted.length && sorted[q] === sorted[q - 1] + 1) q++;
    if (q - p >= min) out.push([sorted[p], sorted[q - 1] + 1]);
    p = q;
  }
  return out;
}

/** The sentences of each side left without counterpart, sorted. */
export function unlinkedSides(beads: Links): { zh: number[]; en: number[] } {
  const zh = beads.filter((b) => !b.en.length).flatMap((b) => b.zh);
  const en = beads.filter((b) => !b.zh.length).flatMap((b) => b.en);
  return { zh: zh.sort((x, y) => x - y), en: en.sort((x, y) => x - y) };
}

/** The monotonic search over Chinese [z0, z1) and English [e0, e1) with gaps, and its link beads' figures. */
export function alignRunPair(scorer: DocScorer, z0: number, z1: number, e0: number, e1: number): ResidualCandidate {
  const zo = Int32Array.from(range(z0, z1));
  const eo = Int32Array.from(range(e0, e1));
  const view = new DocView(scorer, zo, new Int32Array(zo.length), eo, new Int32Array(eo.length), RESIDUAL_PARAMS.gapBonus);
  const r = alignParallel(view, { learn: false, gapMaxRate: ISLAND_PARAMS.gapMaxRate });
  const links: Links = r.beads.filter((b) => b.z1 > b.z0 && b.e1 > b.e0).map((b) => ({ zh: view.docZh(range(b.z0, b.z1)), en: view.docEn(range(b.e0, b.e1)) }));
  let sumScore = 0;
  let strong = 0;
  for (const b of links) {
    const s = scorer.score(b.zh, b.en).score;
    sumScore += s;
    if (s >= 50) strong++;
  }
  const linkedEn = links.reduce((n, b) => n + b.en.length, 0);
  const linkedZh = links.reduce((n, b) => n + b.zh.length, 0);
  const span = links.length
    ? scorer.lengthPenalty(Math.min(...links.flatMap((b) => b.zh)), Math.max(...links.flatMap((b) => b.zh)) + 1, Math.min(...links.flatMap((b) => b.en)), Math.max(...links.flatMap((b) => b.en)) + 1)
    : -50;
  return { e0, e1, z0, z1, links, linkedEn, linkedZh, sumScore, meanScore: links.length ? sumScore / links.length : 0, strong, runLength: scorer.lengthPenalty(z0, z1, e0, e1), spanLength: span };
}

/** Every unlinked English run against every unlinked Chinese run. */
export function residualCandidates(scorer: DocScorer, beads: Links): ResidualCandidate[] {
  const u = unlinkedSides(beads);
  const eRuns = sentenceRuns(u.en, RESIDUAL_PARAMS.minRun);
  const zRuns = sentenceRuns(u.zh, RESIDUAL_PARAMS.minZhRun);
  const out: ResidualCandidate[] = [];
  for (const [e0, e1] of eRuns) for (const [z0, z1] of zRuns) out.push(alignRunPair(scorer, z0, z1, e0, e1));
  return out;
}

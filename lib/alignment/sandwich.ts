/**
 * Sandwiched gaps (the island model, issue 13): in a text with parts without counterpart, the
 * search's gap bonus leaves weakly matching sentences without counterpart even where both sides
 * have them: a run of English sentences and a run of Chinese sentences, both unlinked, lying
 * between the same two link beads that follow each other on both sides. Such a rectangle is a
 * stretch of parallel text (a block missing on one side leaves only one side's run there); it is
 * aligned again by the monotonic search without the gap bonus, as parallel text would be. So is a
 * single unlinked sentence (one side only) between two such links, together with the two links: its
 * own gap model then decides, as in parallel text, whether it is a gap or part of a neighbour.
 */
import type { DocScorer } from "../scoring/types";
import { DocView } from "./islands";
import { alignParallel, range } from "./parallel";

type Bead = { zh: number[]; en: number[] };

export const SANDWICH_PARAMS = {
  /** at most this many sentences on each side of the rectangle */
  maxSide: 3,
  /** also a lone gap sentence between two consecutive links: the two links and it aligned again */
  loneGaps: true,
  /** a link of the rectangle stands with at least this calibrated score (0: every link) */
  minScore: 0,
};

/** A rectangle of unlinked sentences [z0, z1) × [e0, e1) between two link beads. */
export interface Sandwich {
  z0: number;
  z1: number;
  e0: number;
  e1: number;
}

const isLink = (b: Bead | undefined): b is Bead => !!b && b.zh.length > 0 && b.en.length > 0;

/** Every run of unlinked English sentences whose neighbouring link beads enclose a run of unlinked Chinese ones. */
export function findSandwiches(beads: Bead[], nZ: number, nE: number, maxSide = SANDWICH_PARAMS.maxSide): Sandwich[] {
  const ofZ: (Bead | undefined)[] = new Array(nZ);
  const ofE: (Bead | undefined)[] = new Array(nE);
  for (const b of beads) {
    b.zh.forEach((i) => (ofZ[i] = b));
    b.en.forEach((j) => (ofE[j] = b));
  }
  const out: Sandwich[] = [];
  for (let e0 = 1; e0 < nE; e0++) {
    if (isLink(ofE[e0]) || !isLink(ofE[e0 - 1])) continue;
    let e1 = e0;
    while (e1 < nE && !isLink(ofE[e1])) e1++;
    const before = ofE[e0 - 1]!;
    const after = ofE[e1];
    if (!isLink(after) || e1 - e0 > maxSide || Math.max(...before.en) !== e0 - 1 || Math.min(...after.en) !== e1) continue;
    const z0 = Math.max(...before.zh) + 1;
    const z1 = Math.min(...after.zh);
    if (z1 <= z0 || z1 - z0 > maxSide) continue;
    if (range(z0, z1).some((i) => isLink(ofZ[i]))) continue;
    out.push({ z0, z1, e0, e1 });
  }
  return out;
}

/**
 * A single unlinked sentence (either side) between two link beads that follow each other on both
 * sides, nothing else between them: the rectangle of the two beads and the sentence.
 */
export function findLoneGaps(beads: Bead[], nZ: number, nE: number): Sandwich[] {
  const linked = new Uint8Array(nZ + nE);
  for (const b of beads) if (isLink(b)) [...b.zh, ...b.en.map((j) => nZ + j)].forEach((x) => (linked[x] = 1));
  const span = (b: Bead) => ({ z0: Math.min(...b.zh), z1: Math.max(...b.zh) + 1, e0: Math.min(...b.en), e1: Math.max(...b.en) + 1 });
  const links = beads.filter(isLink).map(span).sort((x, y) => x.e0 - y.e0);
  const out: Sandwich[] = [];
  let used = -1;
  for (let k = 0; k + 1 < links.length; k++) {
    const P = links[k];
    const N = links[k + 1];
    const dz = N.z0 - P.z1;
    const de = N.e0 - P.e1;
    if (dz < 0 || de < 0 || dz + de !== 1 || k <= used) continue;
    if (dz && linked[P.z1]) continue;
    if (de && linked[nZ + P.e1]) continue;
    // the rectangle holds only the two beads (each contiguous) and the gap sentence
    const touching = beads.filter((b) => isLink(b) && (b.zh.some((i) => i >= P.z0 && i < N.z1) || b.en.some((j) => j >= P.e0 && j < N.e1)));
    const size = touching.reduce((n, b) => n + b.zh.length + b.en.length, 0);
    if (touching.length !== 2 || size !== N.z1 - P.z0 + N.e1 - P.e0 - 1) continue;
    out.push({ z0: P.z0, z1: N.z1, e0: P.e0, e1: N.e1 });
    used = k + 1;
  }
  return out;
}

/** The link beads of the monotonic search (no gap bonus) over one rectangle, in document indices. */
function alignRectangle(scorer: DocScorer, s: Sandwich): Bead[] {
  const zo = Int32Array.from(range(s.z0, s.z1));
  const eo = Int32Array.from(range(s.e0, s.e1));
  const view = new DocView(scorer, zo, new Int32Array(zo.length), eo, new Int32Array(eo.length));
  const r = alignParallel(view, { learn: false, gapPass: false });
  const beads = r.beads.map((b) => ({ zh: view.docZh(range(b.z0, b.z1)), en: view.docEn(range(b.e0, b.e1)) }));
  const min = SANDWICH_PARAMS.minScore;
  if (min <= 0) return beads;
  return beads.flatMap((b) => (!isLink(b) || scorer.score(b.zh, b.en).score >= min ? [b] : [...b.zh.map((i) => ({ zh: [i], en: [] })), ...b.en.map((j) => ({ zh: [], en: [j] }))]));
}

/** Align every sandwiched rectangle again as parallel text; the beads and how many links were added. */
export function fillSandwiches(scorer: DocScorer, beads: Bead[]): { beads: Bead[]; filled: number } {
  const sandwiches = findSandwiches(beads, scorer.nZh, scorer.nEn);
  if (SANDWICH_PARAMS.loneGaps) sandwiches.push(...findLoneGaps(beads, scorer.nZh, scorer.nEn).filter((g) => !sandwiches.some((s) => s.z0 < g.z1 && g.z0 < s.z1)));
  if (!sandwiches.length) return { beads, filled: 0 };
  const zIn = new Set<number>();
  const eIn = new Set<number>();
  const added: Bead[] = [];
  for (const s of sandwiches) {
    // only rectangles that whole beads fill: every sentence stays in exactly one bead
    const touching = beads.filter((b) => b.zh.some((i) => i >= s.z0 && i < s.z1) || b.en.some((j) => j >= s.e0 && j < s.e1));
    if (!touching.every((b) => b.zh.every((i) => i >= s.z0 && i < s.z1) && b.en.every((j) => j >= s.e0 && j < s.e1))) continue;
    range(s.z0, s.z1).forEach((i) => zIn.add(i));
    range(s.e0, s.e1).forEach((j) => eIn.add(j));
    added.push(...alignRectangle(scorer, s));
  }
  const kept = beads.filter((b) => !b.zh.some((i) => zIn.has(i)) && !b.en.some((j) => eIn.has(j)));
  return { beads: [...kept, ...added], filled: added.filter(isLink).length };
}

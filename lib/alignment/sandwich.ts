/**
 * Sandwiched gaps (the island model, issue 13): in a text with parts without counterpart, the
 * search's gap bonus leaves weakly matching sentences without counterpart even where both sides
 * have them: a run of English sentences and a run of Chinese sentences, both unlinked, lying
 * between the same two link beads that follow each other on both sides. Such a rectangle is a
 * stretch of parallel text (a block missing on one side leaves only one side's run there); it is
 * aligned again by the monotonic search without the gap bonus, as parallel text would be.
 */
import type { DocScorer } from "../scoring/types";
import { DocView } from "./islands";
import { alignParallel, range } from "./parallel";

type Bead = { zh: number[]; en: number[] };

export const SANDWICH_PARAMS = {
  /** at most this many sentences on each side of the rectangle */
  maxSide: 3,
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
  if (!sandwiches.length) return { beads, filled: 0 };
  const zIn = new Set<number>();
  const eIn = new Set<number>();
  const added: Bead[] = [];
  for (const s of sandwiches) {
    range(s.z0, s.z1).forEach((i) => zIn.add(i));
    range(s.e0, s.e1).forEach((j) => eIn.add(j));
    added.push(...alignRectangle(scorer, s));
  }
  const kept = beads.filter((b) => !b.zh.some((i) => zIn.has(i)) && !b.en.some((j) => eIn.has(j)));
  return { beads: [...kept, ...added], filled: added.filter(isLink).length };
}

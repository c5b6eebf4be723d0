// Comparable versions of a gold-aligned document pair, for bench/comparable.ts: the gold bead
// sequence is cut into blocks of 3–12 beads; some blocks lose their Chinese side (their English
// sentences then have no counterpart), some their English side (their Chinese sentences have
// none), and a share of the remaining English blocks is moved elsewhere in the English text.
// Within a block the text is still a translation. Seeded: the same seed gives the same document.
import type { IdBead } from "../../lib/alignment/format";

export interface ComparableRate {
  name: string;
  /** share of blocks whose Chinese side is removed */
  dropZh: number;
  /** share of blocks whose English side is removed */
  dropEn: number;
  /** share of the remaining English blocks moved elsewhere */
  move: number;
}

export const RATES: ComparableRate[] = [
  { name: "light", dropZh: 0.05, dropEn: 0.05, move: 0.1 },
  { name: "medium", dropZh: 0.1, dropEn: 0.1, move: 0.2 },
  { name: "heavy", dropZh: 0.15, dropEn: 0.15, move: 1 / 3 },
];

export interface ComparableDoc {
  zh: string[];
  en: string[];
  /** gold of the comparable pair: its link beads, and one gap bead per sentence without counterpart */
  gold: IdBead[];
  /** for the report: blocks, dropped blocks per side, moved English blocks */
  blocks: number;
  droppedZh: number;
  droppedEn: number;
  moved: number;
}

/** xorshift32, as bench/gaps.ts */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export function makeComparable(
  zh: string[],
  en: string[],
  gold: IdBead[],
  rate: ComparableRate,
  seed: number,
  blockSize: [number, number] = [3, 12],
): ComparableDoc {
  const r = rng(seed);
  for (let k = 0; k < 5; k++) r();
  // blocks of consecutive gold beads
  const blocks: IdBead[][] = [];
  for (let q = 0; q < gold.length; ) {
    const n = blockSize[0] + Math.floor(r() * (blockSize[1] - blockSize[0] + 1));
    blocks.push(gold.slice(q, q + n));
    q += n;
  }
  const fate = blocks.map(() => {
    const u = r();
    return u < rate.dropZh ? "dropZh" : u < rate.dropZh + rate.dropEn ? "dropEn" : "keep";
  });
  // Chinese: the blocks that keep their Chinese side, in order
  const zhOrder: number[] = [];
  blocks.forEach((b, k) => {
    if (fate[k] !== "dropZh") zhOrder.push(...b.flatMap((x) => x.zh).sort((a, c) => a - c));
  });
  // English: the blocks that keep their English side; a share of them moved elsewhere
  let enBlocks = blocks.map((_, k) => k).filter((k) => fate[k] !== "dropEn");
  const nMove = Math.round(enBlocks.length * rate.move);
  const toMove = new Set<number>();
  // (blocks without English sentences are not worth moving)
  const movable = enBlocks.filter((k) => blocks[k].some((b) => b.en.length));
  while (toMove.size < Math.min(nMove, movable.length)) toMove.add(movable[Math.floor(r() * movable.length)]);
  const original = enBlocks.slice();
  enBlocks = enBlocks.filter((k) => !toMove.has(k));
  let moved = 0;
  for (const k of [...toMove].sort((a, c) => a - c)) {
    // a new place that does not give back the block's original neighbours
    const was = original.indexOf(k);
    const prevWas = was > 0 ? original[was - 1] : -1;
    let at = 0;
    for (let tries = 0; tries < 20; tries++) {
      at = Math.floor(r() * (enBlocks.length + 1));
      const prev = at > 0 ? enBlocks[at - 1] : -1;
      if (prev !== prevWas && Math.abs(at - was) >= 2) break;
    }
    enBlocks.splice(at, 0, k);
    moved++;
  }
  const enOrder = enBlocks.flatMap((k) => blocks[k].flatMap((x) => x.en).sort((a, c) => a - c));
  const mapZ = new Int32Array(zh.length).fill(-1);
  const mapE = new Int32Array(en.length).fill(-1);
  zhOrder.forEach((i, n) => (mapZ[i] = n));
  enOrder.forEach((j, n) => (mapE[j] = n));
  const g: IdBead[] = [];
  for (const b of gold) {
    const z = b.zh.filter((i) => mapZ[i] >= 0).map((i) => mapZ[i]);
    const e = b.en.filter((j) => mapE[j] >= 0).map((j) => mapE[j]);
    if (z.length && e.length) g.push({ zh: z, en: e });
    else {
      for (const i of z) g.push({ zh: [i], en: [] });
      for (const j of e) g.push({ zh: [], en: [j] });
    }
  }
  return {
    zh: zhOrder.map((i) => zh[i]),
    en: enOrder.map((j) => en[j]),
    gold: g,
    blocks: blocks.length,
    droppedZh: fate.filter((f) => f === "dropZh").length,
    droppedEn: fate.filter((f) => f === "dropEn").length,
    moved,
  };
}

export interface LinkCounts {
  /** sentence links ((zh, en) pairs sharing a bead): correct, produced, gold */
  linkCorrect: number;
  linkTest: number;
  linkGold: number;
  /** sentences left without counterpart: correctly, by the aligner, in the gold */
  unlinkedCorrect: number;
  unlinkedTest: number;
  unlinkedGold: number;
}

export const emptyCounts = (): LinkCounts => ({ linkCorrect: 0, linkTest: 0, linkGold: 0, unlinkedCorrect: 0, unlinkedTest: 0, unlinkedGold: 0 });

function links(beads: IdBead[]): Set<string> {
  const s = new Set<string>();
  for (const b of beads) for (const i of b.zh) for (const j of b.en) s.add(`${i}:${j}`);
  return s;
}

function unlinked(beads: IdBead[]): Set<string> {
  const s = new Set<string>();
  for (const b of beads) {
    if (b.en.length === 0) for (const i of b.zh) s.add(`z${i}`);
    if (b.zh.length === 0) for (const j of b.en) s.add(`e${j}`);
  }
  return s;
}

/** Sentence-link and unlinked-sentence counts of one aligned document against its gold. */
export function linkCounts(gold: IdBead[], test: IdBead[], into: LinkCounts = emptyCounts()): LinkCounts {
  const gl = links(gold);
  const tl = links(test);
  const gu = unlinked(gold);
  const tu = unlinked(test);
  into.linkGold += gl.size;
  into.linkTest += tl.size;
  for (const k of tl) if (gl.has(k)) into.linkCorrect++;
  into.unlinkedGold += gu.size;
  into.unlinkedTest += tu.size;
  for (const k of tu) if (gu.has(k)) into.unlinkedCorrect++;
  return into;
}

export function addCounts(a: LinkCounts, b: LinkCounts): LinkCounts {
  return {
    linkCorrect: a.linkCorrect + b.linkCorrect,
    linkTest: a.linkTest + b.linkTest,
    linkGold: a.linkGold + b.linkGold,
    unlinkedCorrect: a.unlinkedCorrect + b.unlinkedCorrect,
    unlinkedTest: a.unlinkedTest + b.unlinkedTest,
    unlinkedGold: a.unlinkedGold + b.unlinkedGold,
  };
}

export function linkPRF(c: LinkCounts): { p: number; r: number; f1: number; unlinkedP: number; unlinkedR: number } {
  const p = c.linkTest ? c.linkCorrect / c.linkTest : 0;
  const r = c.linkGold ? c.linkCorrect / c.linkGold : 0;
  return {
    p,
    r,
    f1: p + r > 0 ? (2 * p * r) / (p + r) : 0,
    unlinkedP: c.unlinkedTest ? c.unlinkedCorrect / c.unlinkedTest : 1,
    unlinkedR: c.unlinkedGold ? c.unlinkedCorrect / c.unlinkedGold : 1,
  };
}

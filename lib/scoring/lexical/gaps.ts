/**
 * The gap model: for each sentence of a link bead of the parallel search, the evidence that it
 * has no counterpart at all (a fitted logistic model over GAP_FEATURES).
 */
import type { BeadRange } from "../types";
import type { LexDoc } from "./doc";
import { beadGain, silentWeight } from "./features";
import { SCORE_PARAMS } from "./params";

/**
 * Features of the gap model: sentence x of one side of a link bead, "other side" = the bead's
 * sentences of the other language.
 */
export const GAP_FEATURES = [
  "bias",
  "c", // share of x's content matched by the other side
  "log(1+w)", // x's content (idf weight)
  "c·log(1+w)",
  "silent", // min(w, 60) / 10 when nothing of x is matched
  "unmatched", // (1 − c) · min(w, 60) / 10
  "alone", // x is its side's only sentence
  "other gain", // coverage of the other side with x minus without it
  "length gain", // length log-density of the bead with x minus without it (x at an edge, not alone)
  "length alone", // length log-density of the bead (x alone)
  "middle", // x is neither the first nor the last sentence of its side
  "search margin", // bead gain minus the gains of the split (x a gap), / 10, clipped to [−2, 4]
] as const;
export const N_GAP_FEATURES = GAP_FEATURES.length;

/** See DocScorer.gapEvidence: the fitted gap model's odds over the odds of its training data. */
export function gapEvidence(doc: LexDoc, b: BeadRange): Float64Array {
  const g = SCORE_PARAMS.gap;
  const F = N_GAP_FEATURES;
  if (g.w.length !== F) throw new Error(`SCORE_PARAMS.gap.w needs ${F} coefficients (bench/fit-gaps.ts)`);
  const prior = Math.log(g.prior / (1 - g.prior));
  const f = gapFeatures(doc, b);
  const out = new Float64Array(f.length / F);
  for (let q = 0; q < out.length; q++) {
    let x = 0;
    for (let k = 0; k < F; k++) x += g.w[k] * f[q * F + k];
    out[q] = x - prior;
  }
  return out;
}

/** The link bead as the search sees it: its gain, each side's coverage, each sentence's own coverage (zh, then en). */
interface BeadView {
  gain: number;
  cz: number;
  ce: number;
  own: Float64Array;
  lenDensity: number;
  /** gain of each sentence as a gap at the bead's place, and their sums per side */
  gapGain: Float64Array;
  gapsZ: number;
  gapsE: number;
}

/**
 * GAP_FEATURES of every sentence of the link bead `b` (its Chinese sentences, then its English
 * ones), N_GAP_FEATURES values per sentence in one array. The search gain is read with the
 * current bead weights: call this after learn(), as the aligner does.
 */
export function gapFeatures(doc: LexDoc, b: BeadRange): Float64Array {
  const nz = b.z1 - b.z0;
  const ne = b.e1 - b.e0;
  if (nz <= 0 || ne <= 0) return new Float64Array(0);
  const view = viewBead(doc, b);
  const out = new Float64Array((nz + ne) * N_GAP_FEATURES);
  for (let q = 0; q < nz + ne; q++) sentenceFeatures(doc, b, view, q, out, q * N_GAP_FEATURES);
  return out;
}

function viewBead(doc: LexDoc, b: BeadRange): BeadView {
  const nz = b.z1 - b.z0;
  const ne = b.e1 - b.e0;
  const gain = beadGain(doc, b.z0, b.z1, b.e0, b.e1);
  // beadGain left the bead's coverage in doc.cov
  const o = doc.cov;
  const own = new Float64Array(nz + ne);
  for (let q = 0; q < nz; q++) own[q] = o.share(o.sentZ[q], doc.zh[b.z0 + q].totalW);
  for (let q = 0; q < ne; q++) own[nz + q] = o.share(o.sentE[q], doc.en[b.e0 + q].totalW);
  const lenDensity = doc.length.ofRange(b.z0, b.z1, b.e0, b.e1);
  const v: BeadView = { gain, cz: o.share(o.mz, o.tz), ce: o.share(o.me, o.te), own, lenDensity, gapGain: new Float64Array(nz + ne), gapsZ: 0, gapsE: 0 };
  // each sentence as a gap at this place, and all of them (the split of a bead with one side alone)
  for (let q = 0; q < nz; q++) v.gapsZ += v.gapGain[q] = beadGain(doc, b.z0 + q, b.z0 + q + 1, b.e0, b.e0);
  for (let q = 0; q < ne; q++) v.gapsE += v.gapGain[nz + q] = beadGain(doc, b.z0, b.z0, b.e0 + q, b.e0 + q + 1);
  return v;
}

/** GAP_FEATURES of sentence q of the bead (its Chinese sentences first), written into out from offset o. */
function sentenceFeatures(doc: LexDoc, b: BeadRange, v: BeadView, q: number, out: Float64Array, o: number): void {
  const nz = b.z1 - b.z0;
  const isZh = q < nz;
  const k = isZh ? b.z0 + q : b.e0 + q - nz;
  const lo = isZh ? b.z0 : b.e0;
  const hi = isZh ? b.z1 : b.e1;
  const w = isZh ? doc.zh[k].totalW : doc.en[k].totalW;
  const lw = Math.log1p(w);
  const wc = silentWeight(w);
  const c = v.own[q];
  const alone = hi - lo === 1;
  const edge = k === lo || k === hi - 1;
  // coverage of the other side by this side, with x and without it
  const withX = isZh ? v.ce : v.cz;
  let without = 0;
  let lenGain = 0;
  let margin = 0;
  if (alone) margin = v.gain - v.gapGain[q] - (isZh ? v.gapsE : v.gapsZ);
  else if (edge) {
    const cut = withoutEdge(doc, b, isZh, k === lo);
    without = cut.without;
    lenGain = v.lenDensity - cut.lenDensity;
    margin = v.gain - cut.gain - v.gapGain[q];
  } else without = withoutMiddle(doc, b, isZh, k);
  out[o] = 1;
  out[o + 1] = c;
  out[o + 2] = lw;
  out[o + 3] = c * lw;
  out[o + 4] = c === 0 ? wc : 0;
  out[o + 5] = (1 - c) * wc;
  out[o + 6] = alone ? 1 : 0;
  out[o + 7] = withX - without;
  out[o + 8] = alone ? 0 : Math.max(-8, lenGain);
  out[o + 9] = alone ? Math.max(-8, v.lenDensity) : 0;
  out[o + 10] = edge ? 0 : 1;
  out[o + 11] = Math.max(-20, Math.min(40, margin)) / 10;
}

/** The bead without its first or last sentence of one side (still contiguous): gain, the other side's coverage, length density. */
function withoutEdge(doc: LexDoc, b: BeadRange, isZh: boolean, first: boolean): { gain: number; without: number; lenDensity: number } {
  const z0 = isZh && first ? b.z0 + 1 : b.z0;
  const z1 = isZh && !first ? b.z1 - 1 : b.z1;
  const e0 = !isZh && first ? b.e0 + 1 : b.e0;
  const e1 = !isZh && !first ? b.e1 - 1 : b.e1;
  const gain = beadGain(doc, z0, z1, e0, e1);
  const o = doc.cov;
  const without = isZh ? o.share(o.me, o.te) : o.share(o.mz, o.tz);
  return { gain, without, lenDensity: doc.length.ofRange(z0, z1, e0, e1) };
}

/** Coverage of the other side by the bead's side without its sentence k (a middle one). */
function withoutMiddle(doc: LexDoc, b: BeadRange, isZh: boolean, k: number): number {
  const range = (a: number, z: number) => Array.from({ length: z - a }, (_, q) => a + q);
  const rest = (isZh ? range(b.z0, b.z1) : range(b.e0, b.e1)).filter((x) => x !== k);
  const other = isZh ? range(b.e0, b.e1) : range(b.z0, b.z1);
  const o = isZh ? doc.cov.of(rest, rest.length, other, other.length) : doc.cov.of(other, other.length, rest, rest.length);
  return isZh ? o.share(o.me, o.te) : o.share(o.mz, o.tz);
}

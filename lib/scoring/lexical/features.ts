/**
 * Bead features φ of the parallel search: the gain of a bead of any shape (gaps included) is w·φ
 * with w = SCORE_PARAMS.bead. A BeadTally holds what φ is made of; beadFeatures fills it for one
 * bead, the search fills it incrementally for all beads ending at a node (cell-gains.ts).
 */
import type { LexDoc } from "./doc";
import { SCORE_PARAMS } from "./params";

/** Features of the bead gain, in this order. */
export const BEAD_FEATURES = [
  "cz·n", // zh→en coverage × sentences in the bead
  "ce·n", // en→zh coverage × sentences
  "cmin·n", // min of both coverages × sentences
  "n", // sentences in the bead
  "bead", // 1 for every non-gap bead
  "len", // Gaussian log-density of the log length ratio (per-document mean and spread)
  "1-2", // shape 1-2 / 2-1
  "1-3", // shape 1-3 / 3-1
  "1-4+", // 1-4 and longer (× extra sentences)
  "m-n", // both sides ≥ 2
  "unsupported", // sentences of a multi-sentence side with no match in the other side
  "quote≠", // one side has dialogue quotes, the other not
  "?≠",
  "!≠",
  "gap zh", // 1-0 bead
  "gap en", // 0-1 bead
  "gap log(1+weight)", // content of the gap sentence
  "qstate≠", // after the bead one side is inside an open quotation and the other not
  "weakest", // 1 − lowest coverage of one sentence of a multi-sentence side by the other side
  "silent", // content (min(weight, 60) / 10) of the bead's sentences with no evidence at all in the other side
] as const;
export const N_BEAD_FEATURES = BEAD_FEATURES.length;
export const [F_CZ, F_CE, F_CMIN, F_N, F_BEAD, F_LEN, F_S12, F_S13, F_S14, F_SMM, F_UNSUP, F_QUOTE, F_QMARK, F_EXCL, F_GAP_Z, F_GAP_E, F_GAP_W, F_QSTATE, F_WEAK, F_SILENT] =
  BEAD_FEATURES.map((_, k) => k);

/**
 * Content of a sentence for the "silent" feature: its idf weight, capped (beyond ≈ 12 content
 * words a sentence with no evidence at all is no less telling) and scaled to the other features.
 */
export function silentWeight(w: number): number {
  return (w < 60 ? w : 60) / 10;
}

/** The shape feature of an a-b link bead (−1 for 1-1), and its value shapeValue. */
export function shapeFeature(a: number, b: number): number {
  if (Math.min(a, b) !== 1) return F_SMM;
  const mx = Math.max(a, b);
  return mx === 2 ? F_S12 : mx === 3 ? F_S13 : mx >= 4 ? F_S14 : -1;
}

export function shapeValue(a: number, b: number): number {
  return shapeFeature(a, b) === F_S14 ? Math.max(a, b) - 3 : 1;
}

/** shapeFeature and shapeValue of the shapes a, b < 8 at a·8 + b (read for every bead the search tallies) */
const SHAPE_FEATURE = Int32Array.from({ length: 64 }, (_, k) => shapeFeature(k >> 3, k & 7));
const SHAPE_VALUE = Float64Array.from({ length: 64 }, (_, k) => shapeValue(k >> 3, k & 7));

/**
 * What the features of a bead are made of: a gap bead's one sentence, or a link bead's sizes,
 * weights, length and punctuation (start) and then its sentences one at a time (sentence). One
 * instance is refilled for every bead, so that the search allocates nothing.
 */
export class BeadTally {
  a = 0;
  b = 0;
  /** gap bead: the weight w of its sentence, and log(1 + w) */
  gapWeight = 0;
  gapLog = 0;
  /** matched and total weight of each side */
  mz = 0;
  tz = 0;
  me = 0;
  te = 0;
  lenDensity = 0;
  /** punctuation flags present on one side only (zh flags ^ en flags) */
  punctX = 0;
  /** 1 when after the bead one side is inside an open quotation and the other not */
  qstate = 0;
  unsupported = 0;
  weakest = 1;
  silent = 0;
  /** SCORE_PARAMS.covSmooth, read once */
  readonly smooth = SCORE_PARAMS.covSmooth;

  /** A gap bead: a (1-0) or b (0-1) is its one sentence, of weight w (logW: log(1 + w), when the caller has it). */
  gap(a: number, b: number, w: number, qstate: number, logW = Math.log1p(w)): this {
    this.a = a;
    this.b = b;
    this.gapWeight = w;
    this.gapLog = logW;
    this.qstate = qstate;
    return this;
  }

  /** A link bead of a + b sentences, before its sentences are added. */
  start(a: number, b: number, tz: number, te: number, lenDensity: number, punctX: number, qstate: number): this {
    this.a = a;
    this.b = b;
    this.mz = this.me = 0;
    this.tz = tz;
    this.te = te;
    this.lenDensity = lenDensity;
    this.punctX = punctX;
    this.qstate = qstate;
    this.unsupported = this.silent = 0;
    this.weakest = 1;
    return this;
  }

  /** One sentence of a link bead: its matched and total weight, whether any pair had evidence; multi = its side has ≥ 2 sentences. */
  sentence(zh: boolean, matched: number, total: number, any: boolean, multi: boolean): void {
    if (zh) this.mz += matched;
    else this.me += matched;
    if (!any) this.silent += silentWeight(total);
    if (!multi) return;
    if (!any) this.unsupported++;
    if (total > 0) this.weakest = Math.min(this.weakest, matched / (total + this.smooth));
  }

  /**
   * The gain w·φ of the bead, summed in feature order; with `out`, φ itself is written there too.
   * The one definition of the features, for the search (every bead it looks at) and for fitting.
   */
  gain(w: ArrayLike<number>, out: Float64Array | null = null): number {
    if (out) out.fill(0);
    return this.a === 0 || this.b === 0 ? this.gapGain(w, out) : this.linkGain(w, out);
  }

  private gapGain(w: ArrayLike<number>, out: Float64Array | null): number {
    let g = 0;
    g += term(w, this.a === 0 ? F_GAP_E : F_GAP_Z, 1, out);
    g += term(w, F_GAP_W, this.gapLog, out);
    g += term(w, F_QSTATE, this.qstate, out);
    return g;
  }

  private linkGain(w: ArrayLike<number>, out: Float64Array | null): number {
    const n = this.a + this.b;
    const cz = this.mz / (this.tz + this.smooth);
    const ce = this.me / (this.te + this.smooth);
    const small = this.a < 8 && this.b < 8;
    const shape = small ? SHAPE_FEATURE[this.a * 8 + this.b] : shapeFeature(this.a, this.b);
    let g = 0;
    g += term(w, F_CZ, n * cz, out);
    g += term(w, F_CE, n * ce, out);
    g += term(w, F_CMIN, n * Math.min(cz, ce), out);
    g += term(w, F_N, n, out);
    g += term(w, F_BEAD, 1, out);
    g += term(w, F_LEN, this.lenDensity, out);
    if (shape >= 0) g += term(w, shape, small ? SHAPE_VALUE[this.a * 8 + this.b] : shapeValue(this.a, this.b), out);
    g += term(w, F_UNSUP, this.unsupported, out);
    g += term(w, F_QUOTE, this.punctX & 1, out);
    g += term(w, F_QMARK, (this.punctX >> 1) & 1, out);
    g += term(w, F_EXCL, (this.punctX >> 2) & 1, out);
    g += term(w, F_QSTATE, this.qstate, out);
    g += term(w, F_WEAK, 1 - this.weakest, out);
    g += term(w, F_SILENT, this.silent, out);
    return g;
  }
}

/** w[k]·v, the term of feature k (value v) in the gain; stores v in out[k] when out is given. */
function term(w: ArrayLike<number>, k: number, v: number, out: Float64Array | null): number {
  if (out) out[k] = v;
  return w[k] * v;
}

const tally = new BeadTally();

/** Fills `tally` for the bead zh[z0, z1) × en[e0, e1) (any shape, gaps included). */
function tallyBead(doc: LexDoc, z0: number, z1: number, e0: number, e1: number): BeadTally {
  const a = z1 - z0;
  const b = e1 - e0;
  const qs = z1 > 0 && e1 > 0 && doc.zhQ[z1 - 1] !== doc.enQ[e1 - 1] ? 1 : 0;
  if (a === 0 || b === 0) return tally.gap(a, b, a === 0 ? doc.en[e0].totalW : doc.zh[z0].totalW, qs);
  const o = doc.cov.ofRange(z0, z1, e0, e1);
  let lz = 0;
  let le = 0;
  let pz = 0;
  let pe = 0;
  for (let i = z0; i < z1; i++) {
    lz += doc.zh[i].len;
    pz |= doc.zh[i].punct;
  }
  for (let j = e0; j < e1; j++) {
    le += doc.en[j].len;
    pe |= doc.en[j].punct;
  }
  tally.start(a, b, o.tz, o.te, doc.length.logDensity(lz, le), pz ^ pe, qs);
  for (let i = z0; i < z1; i++) tally.sentence(true, o.sentZ[i - z0], doc.zh[i].totalW, o.anyZ[i - z0] === 1, a >= 2);
  for (let j = e0; j < e1; j++) tally.sentence(false, o.sentE[j - e0], doc.en[j].totalW, o.anyE[j - e0] === 1, b >= 2);
  return tally;
}

/** φ of the bead zh[z0, z1) × en[e0, e1) (any shape, gaps included), written into out. */
export function beadFeatures(doc: LexDoc, z0: number, z1: number, e0: number, e1: number, out: Float64Array): Float64Array {
  tallyBead(doc, z0, z1, e0, e1).gain(doc.weights, out);
  return out;
}

/** The search's gain w·φ of the bead zh[z0, z1) × en[e0, e1) with the document's bead weights. */
export function beadGain(doc: LexDoc, z0: number, z1: number, e0: number, e1: number): number {
  return tallyBead(doc, z0, z1, e0, e1).gain(doc.weights);
}

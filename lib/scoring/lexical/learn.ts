/**
 * In-document learning, IBM Model 1 style: EM over the first-pass beads with a dictionary prior;
 * confident new (Chinese word, English key) pairs become "learned" translations of the document,
 * and the length model is refitted to the first pass.
 */
import type { LexDoc } from "./doc";
import { indexKeys } from "./prepare";
import { K_LEX } from "./sentences";

/** probability mass of the empty word (an English word with no Chinese counterpart) */
const NULL_P = 0.2;

/** The sampled beads as word lists: Chinese words as ids into zWords, English words as key ids. */
interface Corpus {
  zWords: string[];
  /** beads containing each Chinese word / English key */
  zFreq: number[];
  eFreq: Map<number, number>;
  beads: { z: number[]; e: number[] }[];
}

export function learn(doc: LexDoc, beads: { zh: number[]; en: number[] }[]): void {
  // small link beads only, at most about 2,500 of them
  const usable = beads.filter((b) => b.zh.length > 0 && b.en.length > 0 && b.zh.length + b.en.length <= 4);
  const step = Math.max(1, Math.ceil(usable.length / 2500));
  const sample = usable.filter((_, k) => k % step === 0);
  if (sample.length < 10) return;
  const corpus = collectCorpus(doc, sample);
  const table = new TranslationTable(corpus, (w) => doc.keys.candidates(w));
  for (let it = 0; it < 3; it++) table.emStep();
  applyLearned(doc, table.learned());
  doc.length.fit(beads);
}

function collectCorpus(doc: LexDoc, sample: { zh: number[]; en: number[] }[]): Corpus {
  const ids = new Map<string, number>();
  const c: Corpus = { zWords: [], zFreq: [], eFreq: new Map(), beads: [] };
  for (const b of sample) {
    const z: number[] = [];
    for (const i of b.zh)
      for (const t of doc.zh[i].toks) {
        if (t.kind !== K_LEX) continue;
        let id = ids.get(t.text);
        if (id === undefined) {
          ids.set(t.text, (id = c.zWords.length));
          c.zWords.push(t.text);
          c.zFreq.push(0);
        }
        z.push(id);
      }
    const e: number[] = [];
    for (const j of b.en) for (const t of doc.en[j].toks) if (t.kind === K_LEX) e.push(t.key);
    for (const id of new Set(z)) c.zFreq[id]++;
    for (const k of new Set(e)) c.eFreq.set(k, (c.eFreq.get(k) ?? 0) + 1);
    if (z.length && e.length) c.beads.push({ z, e });
  }
  return c;
}

/**
 * t(e | z) over the (Chinese word, English key) pairs that co-occur in a bead, one slot each
 * (contiguous per Chinese word, in first-seen order), in flat arrays: t's support never grows
 * beyond the co-occurring pairs.
 */
class TranslationTable {
  private readonly slotStart: Int32Array;
  private readonly slotZ: Int32Array;
  private readonly slotE: Int32Array;
  /** beads in which the pair co-occurs */
  private readonly slotCo: Float64Array;
  private readonly t: Float64Array;
  /** per bead: the slot of (e[x], z[y]) at x·|z| + y */
  private readonly beadSlots: Int32Array[];
  /** EM counts of the last step, which slots got one (in first-count order: order[0, nOrder)), and their sum per word */
  private readonly counts: Float64Array;
  private readonly counted: Uint8Array;
  private readonly order: Int32Array;
  private nOrder = 0;
  private readonly tot: Float64Array;

  constructor(
    private readonly corpus: Corpus,
    private readonly dict: (word: string) => Int32Array,
  ) {
    const co = cooccurrences(corpus);
    const n = corpus.zWords.length;
    this.slotStart = new Int32Array(n + 1);
    for (let zi = 0; zi < n; zi++) this.slotStart[zi + 1] = this.slotStart[zi] + co[zi].size;
    const nSlots = this.slotStart[n];
    this.slotZ = new Int32Array(nSlots);
    this.slotE = new Int32Array(nSlots);
    this.slotCo = new Float64Array(nSlots);
    this.t = new Float64Array(nSlots);
    const slotOf = co.map((pairs, zi) => this.fillSlots(zi, pairs));
    this.beadSlots = corpus.beads.map(({ z, e }) => {
      const out = new Int32Array(z.length * e.length);
      for (let x = 0; x < e.length; x++) for (let y = 0; y < z.length; y++) out[x * z.length + y] = slotOf[z[y]].get(e[x])!;
      return out;
    });
    this.counts = new Float64Array(nSlots);
    this.counted = new Uint8Array(nSlots);
    this.order = new Int32Array(nSlots);
    this.tot = new Float64Array(n);
  }

  /** The slots of word zi with the dictionary prior (1 for a dictionary translation, else 0.05); key → slot. */
  private fillSlots(zi: number, pairs: Map<number, number>): Map<number, number> {
    const d = this.dict(this.corpus.zWords[zi]);
    const slotOf = new Map<number, number>();
    let sl = this.slotStart[zi];
    for (const [ek, c] of pairs) {
      this.slotZ[sl] = zi;
      this.slotE[sl] = ek;
      this.slotCo[sl] = c;
      this.t[sl] = d.includes(ek) ? 1 : 0.05;
      slotOf.set(ek, sl++);
    }
    return slotOf;
  }

  /** One EM iteration: expected counts over the beads, then t normalised per Chinese word. */
  emStep(): void {
    this.counts.fill(0);
    this.counted.fill(0);
    this.nOrder = 0;
    this.corpus.beads.forEach(({ z, e }, d) => this.countBead(this.beadSlots[d], z.length, e.length));
    // normalise per word, summing in first-count order
    const tot = this.tot;
    tot.fill(0);
    for (let k = 0; k < this.nOrder; k++) tot[this.slotZ[this.order[k]]] += this.counts[this.order[k]];
    this.t.fill(0);
    for (let k = 0; k < this.nOrder; k++) {
      const sl = this.order[k];
      const tz = tot[this.slotZ[sl]];
      if (tz > 0) this.t[sl] = this.counts[sl] / tz;
    }
  }

  private countBead(bs: Int32Array, nz: number, ne: number): void {
    for (let x = 0; x < ne; x++) {
      const base = x * nz;
      let den = NULL_P;
      for (let y = 0; y < nz; y++) den += this.t[bs[base + y]];
      for (let y = 0; y < nz; y++) {
        const sl = bs[base + y];
        const v = this.t[sl] / den;
        if (!(v > 0)) continue;
        if (this.counted[sl] === 0) {
          this.counted[sl] = 1;
          this.order[this.nOrder++] = sl;
        }
        this.counts[sl] += v;
      }
    }
  }

  /**
   * The confident pairs that are not dictionary translations: t ≥ 0.3, co-occurring in ≥ 2 beads
   * and not by chance (Dice ≥ 0.5, against common words). Learned keys by Chinese word.
   */
  learned(): Map<string, number[]> {
    const { zWords, zFreq, eFreq } = this.corpus;
    const out = new Map<string, number[]>();
    for (let zi = 0; zi < zWords.length; zi++) {
      if (!(this.tot[zi] > 0)) continue;
      const d = this.dict(zWords[zi]);
      for (let sl = this.slotStart[zi]; sl < this.slotStart[zi + 1]; sl++) {
        if (this.counted[sl] === 0) continue;
        const ek = this.slotE[sl];
        const c = this.slotCo[sl];
        if (c < 2 || this.t[sl] < 0.3) continue;
        if ((2 * c) / (zFreq[zi] + (eFreq.get(ek) ?? 0)) < 0.5) continue;
        if (d.includes(ek)) continue;
        const l = out.get(zWords[zi]) ?? [];
        l.push(ek);
        out.set(zWords[zi], l);
      }
    }
    return out;
  }
}

/** Per Chinese word: the beads each English key co-occurs with it in (keys in first-seen order). */
function cooccurrences(corpus: Corpus): Map<number, number>[] {
  const co: Map<number, number>[] = corpus.zWords.map(() => new Map());
  for (const { z, e } of corpus.beads) {
    const keys = new Set(e);
    for (const zi of new Set(z)) for (const ek of keys) co[zi].set(ek, (co[zi].get(ek) ?? 0) + 1);
  }
  return co;
}

/** Gives the document's Chinese words their learned keys (sorted; shared, read-only) and re-indexes those sentences. */
function applyLearned(doc: LexDoc, learned: Map<string, number[]>): void {
  doc.learned = new Map([...learned].map(([w, l]) => [w, Int32Array.from(l).sort()]));
  for (const s of doc.zh) {
    let changed = false;
    for (const tok of s.toks) {
      const l = doc.learned.get(tok.text);
      if (l && tok.kind === K_LEX) {
        tok.learned = l;
        changed = true;
      }
    }
    if (changed) indexKeys(s);
  }
  doc.pairs.clear();
}

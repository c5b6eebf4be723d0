/**
 * Scoring a bead given by its texts within its document (after a manual edit): unedited
 * sentences are the document's own, edited ones are prepared as temporary sentences with the
 * document's statistics, and the bead's surroundings are those of its place.
 */
import type { BeadScore } from "../types";
import { calibrate } from "./calibrate";
import type { BeadContext, LexDoc } from "./doc";
import { scoreParts } from "./parts";
import { prepareTempEn, prepareTempZh } from "./prepare";
import { quoteStates } from "./punctuation";

/** The calibrated score and its parts of the bead zIdx × eIdx of the document. */
export function scoreBead(doc: LexDoc, zIdx: number[], eIdx: number[]): BeadScore {
  const parts = scoreParts(doc, zIdx, eIdx);
  return { score: calibrate(parts), parts };
}

/**
 * Score a bead given by its TEXTS within the document: sentences whose text is the document's
 * sentence at the given position (`at`, document indices of the bead) are used as they are;
 * edited ones are prepared as temporary sentences with the document's statistics (idf weights,
 * learned translations, length model), and the bead's surroundings (neighbouring sentences,
 * quotation state) are those of its place `at`. Without `at` the texts are looked up in the
 * document; an edited side then has no neighbours.
 */
export function scoreTexts(doc: LexDoc, zhTexts: string[], enTexts: string[], at: { zh?: number[]; en?: number[] } = {}): BeadScore {
  const zPos = locate(doc.zh, zhTexts, at.zh);
  const ePos = locate(doc.en, enTexts, at.en);
  const zReal = zPos && zPos.every((i, k) => doc.zh[i].text === zhTexts[k]) ? zPos : null;
  const eReal = ePos && ePos.every((j, k) => doc.en[j].text === enTexts[k]) ? ePos : null;
  if (zReal && eReal) return scoreBead(doc, zReal, eReal);
  const nz0 = doc.zh.length;
  const ne0 = doc.en.length;
  const zIdx = zReal ?? zhTexts.map((t, k) => (doc.zh.push(prepareTempZh(doc.keys, t, doc.df, doc.nZh, doc.learned)), nz0 + k));
  const eIdx = eReal ?? enTexts.map((t, k) => (doc.en.push(prepareTempEn(doc.keys, t, doc.df, doc.nEn)), ne0 + k));
  const zq = doc.zhQ;
  const eq = doc.enQ;
  try {
    // quotation states: the document's before the bead, the edited texts' own after it
    const zqBefore = zPos && zPos.length && zPos[0] > 0 ? zq[zPos[0] - 1] : 0;
    const eqBefore = ePos && ePos.length && ePos[0] > 0 ? eq[ePos[0] - 1] : 0;
    const zqs = zReal ? null : quoteStates(zhTexts, "zh", zqBefore);
    const eqs = eReal ? null : quoteStates(enTexts, "en", eqBefore);
    doc.zhQ = extended(zq, doc.zh.length, zqs, nz0);
    doc.enQ = extended(eq, doc.en.length, eqs, ne0);
    doc.ctx = {
      zOut: outside(zPos, nz0),
      eOut: outside(ePos, ne0),
      zqBefore,
      eqBefore,
      zqAfter: zqs ? zqs[zqs.length - 1] ?? zqBefore : doc.zhQ[Math.max(...zIdx)],
      eqAfter: eqs ? eqs[eqs.length - 1] ?? eqBefore : doc.enQ[Math.max(...eIdx)],
    } satisfies BeadContext;
    return scoreBead(doc, zIdx, eIdx);
  } finally {
    doc.ctx = null;
    doc.zh.length = nz0;
    doc.en.length = ne0;
    doc.zhQ = zq;
    doc.enQ = eq;
    // cached pair evidence may involve the temporary sentences
    doc.pairs.clear();
  }
}

/** Document positions of a bead side: `at` when given, else the first contiguous exact match. */
function locate(sents: { text: string }[], texts: string[], at: number[] | undefined): number[] | null {
  if (at) return at.every((k) => k >= 0 && k < sents.length) ? at : null;
  if (!texts.length) return [];
  for (let k = 0; k + texts.length <= sents.length; k++) {
    if (sents[k].text !== texts[0]) continue;
    if (texts.every((t, q) => sents[k + q].text === t)) return texts.map((_, q) => k + q);
  }
  return null;
}

/** Quotation states of the document (q) and of the temporary sentences from position `at`. */
function extended(q: Uint8Array, n: number, temp: Uint8Array | null, at: number): Uint8Array {
  const out = new Uint8Array(n);
  out.set(q);
  if (temp) out.set(temp, at);
  return out;
}

/** The document sentences just before and after a bead side (not in it). */
function outside(pos: number[] | null, n: number): number[] {
  return pos && pos.length ? [Math.min(...pos) - 1, Math.max(...pos) + 1].filter((x) => x >= 0 && x < n && !pos.includes(x)) : [];
}

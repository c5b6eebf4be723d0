/**
 * Re-scoring beads after manual edits, on the aligner's scale.
 *
 * `align` scores a bead with document statistics: idf weights over the whole document, the
 * document's length ratio (refitted from the first pass), translations learned in the document
 * and the bead's neighbours. A `DocumentScorer` prepares exactly that state once per document
 * (a server can cache it per document) and then scores any bead given by its texts — unedited
 * beads get exactly the aligner's score, edited ones are scored with the same statistics.
 */
import { calibrate, LexicalDocScorer } from "../scoring/lexical";
import type { BeadScore } from "../scoring/types";
import { alignParallel } from "./parallel";
import { alignIslands } from "./islands";
import { partialMatch, withoutNeighbours } from "./partial";
import type { AlignInput } from "./index";

type DocText = string | AlignInput;

const text = (s: DocText) => (typeof s === "string" ? s : s.text);
const excluded = (s: DocText) => typeof s !== "string" && !!s.excluded;

export class DocumentScorer {
  readonly mode: "parallel" | "comparable";
  private readonly scorer: LexicalDocScorer;
  /** document index → index among the non-excluded sentences (−1: excluded) */
  private readonly zLocal: Int32Array;
  private readonly eLocal: Int32Array;

  /**
   * Prepare a document: the same sentences (and excluded flags) as given to `align`, and the same
   * mode (default: chosen like align's auto mode). Costs about one alignment of the document
   * (auto and comparable: exactly align's, which decides the mode and what the scorer learns).
   */
  constructor(doc: { zh: DocText[]; en: DocText[] }, opts: { mode?: "auto" | "parallel" | "comparable" } = {}) {
    const local = (xs: DocText[]) => {
      const m = new Int32Array(xs.length).fill(-1);
      let n = 0;
      xs.forEach((x, k) => {
        if (!excluded(x)) m[k] = n++;
      });
      return m;
    };
    this.zLocal = local(doc.zh);
    this.eLocal = local(doc.en);
    this.scorer = new LexicalDocScorer(
      doc.zh.filter((x) => !excluded(x)).map(text),
      doc.en.filter((x) => !excluded(x)).map(text),
    );
    const mode = opts.mode ?? "auto";
    // the in-document learning exactly as align does it: parallel mode's first pass (the gap
    // post-pass after it changes beads, not the scorer); the island model's passes otherwise
    if (mode === "parallel") {
      this.mode = "parallel";
      alignParallel(this.scorer, { gapPosterior: false });
    } else {
      const r = alignIslands(this.scorer, {
        comparable: mode === "comparable",
        texts: { zh: doc.zh.filter((x) => !excluded(x)).map(text), en: doc.en.filter((x) => !excluded(x)).map(text) },
      });
      this.mode = mode === "comparable" || r.reordered ? "comparable" : "parallel";
    }
  }

  /**
   * Score a bead given by its texts. `at` = the bead's sentence indices in the document (as in
   * align's beads), recommended for edited beads (neighbours and quotation context); without it
   * unedited sentences are found by their text.
   */
  score(zhTexts: string[], enTexts: string[], at?: { zh?: number[]; en?: number[] }): BeadScore {
    const map = (xs: number[] | undefined, m: Int32Array) => {
      if (!xs) return undefined;
      const out = xs.filter((k) => k >= 0 && k < m.length && m[k] >= 0).map((k) => m[k]);
      return out.length === xs.length ? out : undefined;
    };
    const where = { zh: map(at?.zh, this.zLocal), en: map(at?.en, this.eLocal) };
    // comparable mode, as align scores: without the neighbours' evidence, a partial correspondence
    // on its matched part
    const comparable = this.mode === "comparable";
    const adjust = (x: BeadScore) => withoutNeighbours(x, calibrate);
    const raw = this.scorer.scoreTexts(zhTexts, enTexts, where);
    const whole = comparable ? adjust(raw) : raw;
    const part = comparable ? partialMatch(this.scorer.scoreTexts.bind(this.scorer), zhTexts, enTexts, whole, where, adjust) : null;
    return part ? { score: part.score, parts: whole.parts } : whole;
  }
}

/** One-off form of DocumentScorer (prepare + score); prefer a cached DocumentScorer for many calls. */
export function scoreBeadInDocument(
  doc: { zh: DocText[]; en: DocText[] },
  bead: { zh: string[]; en: string[]; at?: { zh?: number[]; en?: number[] } },
): BeadScore {
  return new DocumentScorer(doc).score(bead.zh, bead.en, bead.at);
}

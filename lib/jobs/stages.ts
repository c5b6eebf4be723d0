// A job's progress as one honest bar over its stages. The stages report their own fractions
// (the aligner's run 0 → 1 and says "done", saving the pairs is 1/1, the checks start at 0.99),
// so the raw numbers went 100% → 100% → 99% on an import. Here each stage gets a share of the
// bar in a fixed order, the bar never goes back (nor does the stage), and it stops short of 100%:
// only the finished job shows 100%. The stage text says which step of how many is running.
export type Report = (done: number, total: number, stage: string) => void;

export interface Stage {
  key: string;
  /** what the user reads */
  label: string;
  /** its share of the bar (shares are normalised) */
  weight: number;
}

/** An alignment job: split, align (the aligner's own sub-stages inside), store, check. */
export const ALIGN_STAGES: Stage[] = [
  { key: "split", label: "splitting sentences", weight: 3 },
  { key: "align", label: "aligning", weight: 77 },
  { key: "save", label: "saving pairs", weight: 8 },
  { key: "check", label: "checking translations", weight: 12 },
];

/** Which stage of an alignment job a raw stage text belongs to (anything else is the aligner's). */
export function alignStageOf(raw: string): string {
  if (raw === "splitting sentences") return "split";
  if (raw === "saving pairs") return "save";
  if (raw === "checking translations") return "check";
  return "align";
}

/** A re-alignment: the stretches between confirmed pairs, then the checks. */
export const REALIGN_STAGES: Stage[] = [
  { key: "realign", label: "re-aligning unconfirmed pairs", weight: 85 },
  { key: "check", label: "checking translations", weight: 15 },
];
export const realignStageOf = (raw: string) => (raw === "checking translations" ? "check" : "realign");

/** An aligned import: read the file, score the pairs, store them in chunks (the checks follow as their own job). */
export const IMPORT_STAGES: Stage[] = [
  { key: "read", label: "reading the file", weight: 10 },
  { key: "score", label: "scoring pairs", weight: 15 },
  { key: "store", label: "storing pairs", weight: 75 },
];
export const importStageOf = (raw: string) => (raw === "scoring pairs" ? "score" : raw === "storing pairs" ? "store" : "read");

/** The bar never shows 100% before the job is done. */
export const MAX_BEFORE_DONE = 0.99;

/**
 * Wraps a job's report: (done, total, raw stage) of any stage becomes the job's overall
 * fraction and "step k of n: label (raw)". Reported as (fraction × 1000, 1000, text).
 */
export function stagedReport(report: Report, stages: Stage[], stageOf: (raw: string) => string): Report {
  const sum = stages.reduce((s, x) => s + x.weight, 0);
  const starts: number[] = [];
  stages.reduce((at, x) => (starts.push(at), at + x.weight / sum), 0);
  let current = 0;
  let last = 0;
  return (done, total, raw) => {
    const found = stages.findIndex((x) => x.key === stageOf(raw));
    const k = Math.max(current, found < 0 ? current : found);
    current = k;
    // a later stage's report about an earlier one (the aligner's "done" after the split) counts as the later stage's start
    const fraction = found === k && total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
    const overall = Math.min(MAX_BEFORE_DONE, Math.max(last, starts[k] + (stages[k].weight / sum) * fraction));
    last = overall;
    const detail = found === k && raw !== stages[k].label && raw !== "done" ? ` (${raw})` : "";
    const text = `step ${k + 1} of ${stages.length}: ${stages[k].label}${detail}`;
    report(Math.round(overall * 1000), 1000, text);
  };
}

import { hasOpenMajorFlag, isGap, type CorpusPair, type ExportFilter, type PairSource } from "./model";

/** Whether one pair survives the export options. The single implementation used by all writers. */
export function passesFilter(p: CorpusPair, opts: ExportFilter = {}): boolean {
  if (!opts.includeGaps && isGap(p)) return false;
  if (opts.confirmedOnly && p.status !== "confirmed" && p.status !== "corrected") return false;
  if (opts.minScore !== undefined) {
    if (p.score === undefined || p.score === null || !(p.score >= opts.minScore)) return false;
  }
  if (opts.minConfidence !== undefined) {
    if (p.confidence === undefined || p.confidence === null || !(p.confidence >= opts.minConfidence)) return false;
  }
  if (opts.dropOpenMajorFlags && hasOpenMajorFlag(p)) return false;
  return true;
}

/** Stream the pairs that pass `opts`, from any sync or async iterable. */
export async function* filterPairs(
  source: PairSource,
  opts: ExportFilter = {},
): AsyncGenerator<CorpusPair> {
  for await (const p of source as AsyncIterable<CorpusPair>) {
    if (passesFilter(p, opts)) yield p;
  }
}

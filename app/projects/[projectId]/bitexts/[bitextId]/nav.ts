// Moving through the list by what the pairs need: the next (or previous) pair of the list that
// is marked (still to review, or with an open finding), from the focused one, wrapping around.
// Pure functions: unit-tested in nav.test.ts.

/**
 * The first id of `list` after (dir 1) or before (dir -1) `from` that `marked` holds and `skip`
 * does not, wrapping around the end; null when there is none. `from` not in the list: from the start (or end).
 */
export function nextMarked(list: number[], from: number | null, marked: ReadonlySet<number>, dir: 1 | -1, skip?: ReadonlySet<number>): number | null {
  const n = list.length;
  if (!n) return null;
  const at = from === null ? -1 : list.indexOf(from);
  const start = at < 0 ? (dir === 1 ? -1 : n) : at;
  for (let step = 1; step <= n; step++) {
    const id = list[(((start + dir * step) % n) + n) % n];
    if (id !== from && marked.has(id) && !skip?.has(id)) return id;
  }
  return null;
}

/** The pair with this number (1-based, reading order), or why there is none. */
export function pairByNumber(order: number[], input: string): { id: number } | { error: string } {
  const n = Number(input.trim());
  if (!Number.isInteger(n) || n < 1 || n > order.length) return { error: `There is no pair ${input.trim() || "without a number"}: pairs are numbered 1 to ${order.length}` };
  return { id: order[n - 1] };
}

/** the id of the list row that stands for the excluded web clutter (no pair has a negative id) */
export const CLUTTER_ROW = -1;

/**
 * The list's rows: with no filter, every clutter pair behind one toggle row put where the first
 * one is (shown in their places once expanded); a filter shows what it matches, clutter or not.
 */
export function listRows(ids: number[], clutter: number[], filtered: boolean, showClutter: boolean): number[] {
  if (filtered || clutter.length === 0) return ids;
  const isClutter = new Set(clutter);
  const out: number[] = [];
  let placed = false;
  for (const id of ids) {
    if (isClutter.has(id)) {
      if (!placed) out.push(CLUTTER_ROW);
      placed = true;
      if (!showClutter) continue;
    }
    out.push(id);
  }
  return out;
}

/** The first pair that is not excluded web clutter (else the first pair). */
export function firstReal(ids: number[], clutter: number[]): number | null {
  const c = new Set(clutter);
  return ids.find((id) => !c.has(id) && id !== CLUTTER_ROW) ?? ids.find((id) => id !== CLUTTER_ROW) ?? null;
}

// "Needs attention first": the default order of the review list (issue 14, item 1).
// Plain TypeScript, no database: the index query (lib/db/review/view.ts) calls it.
//
// The order, most urgent first:
//  1. pairs still to review (status "automatic") or with something open (an editor's flag, an
//     automatic finding) before pairs reviewed with nothing open; excluded web clutter last of all;
//  2. among them, more open problems first: a gap (one side missing), an open flag, an open
//     finding count one each;
//  3. then the weaker of the two signals first: the aligner's confidence and the match score
//     (as 0–1); a gap counts as 0, a missing value as 1 (nothing says it is weak);
//  4. then reading order.

export interface TriageFacts {
  position: number;
  /** match score 0–100, null for a gap or clutter */
  score: number | null;
  /** the aligner's confidence 0–1, null when none applies */
  confidence: number | null;
  status: string;
  gap: boolean;
  clutter: boolean;
  openFlags: number;
  openFindings: number;
}

/** 0: to look at, 1: reviewed with nothing open, 2: web clutter. */
function tier(p: TriageFacts): number {
  if (p.clutter) return 2;
  return p.status === "automatic" || p.openFlags > 0 || p.openFindings > 0 ? 0 : 1;
}

function problems(p: TriageFacts): number {
  return (p.gap ? 1 : 0) + (p.openFlags > 0 ? 1 : 0) + (p.openFindings > 0 ? 1 : 0);
}

/** The weaker signal, 0 (weak) to 1 (strong). */
export function weakness(p: TriageFacts): number {
  const score = p.gap ? 0 : p.score === null ? 1 : p.score / 100;
  return Math.min(score, p.confidence ?? 1);
}

/** Comparator for Array.prototype.sort: negative when `a` needs attention before `b`. */
export function byAttention(a: TriageFacts, b: TriageFacts): number {
  return tier(a) - tier(b) || problems(b) - problems(a) || weakness(a) - weakness(b) || a.position - b.position;
}

// Read side for the project list and the side-by-side view.
import type { Db } from "./client";

export async function listProjects(db: Db) {
  const projects = await db.project.findMany({
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: { _count: { select: { bitexts: true } } },
  });
  const pairCounts = await db.alignmentPair.groupBy({
    by: ["bitextId"],
    // an import being stored in chunks counts once it is switched to ready
    where: { bitext: { status: { not: "importing" } } },
    _count: { _all: true },
  });
  const bitexts = await db.bitext.findMany({ select: { id: true, projectId: true } });
  const projectOf = new Map(bitexts.map((b) => [b.id, b.projectId]));
  const pairsPerProject = new Map<number, number>();
  for (const row of pairCounts) {
    const p = projectOf.get(row.bitextId);
    if (p !== undefined) pairsPerProject.set(p, (pairsPerProject.get(p) ?? 0) + row._count._all);
  }
  return projects.map((p) => ({
    id: p.id,
    name: p.name,
    description: p.description,
    isDemo: p.isDemo,
    createdAt: p.createdAt,
    bitextCount: p._count.bitexts,
    pairCount: pairsPerProject.get(p.id) ?? 0,
  }));
}

export async function getProject(db: Db, projectId: number) {
  return db.project.findUnique({
    where: { id: projectId },
    include: {
      bitexts: {
        orderBy: { position: "asc" },
        include: { _count: { select: { pairs: true } } },
      },
    },
  });
}

export interface PairRow {
  id: number;
  /** sort key (may have gaps) */
  position: number;
  /** 1-based number in reading order */
  number: number;
  score: number | null;
  status: string;
  origin: string;
  crossing: boolean;
  version: number;
  en: { id: number; position: number; text: string; excluded: boolean; excludedReason: string | null }[];
  zh: { id: number; position: number; text: string; excluded: boolean; excludedReason: string | null }[];
}

/** The pairs of one document pair in reading order, each with its sentences per language. */
export async function getBitextPairs(
  db: Db,
  bitextId: number,
  page: { offset?: number; limit?: number } = {},
): Promise<PairRow[]> {
  const pairs = await db.alignmentPair.findMany({
    where: { bitextId },
    orderBy: { position: "asc" },
    skip: page.offset ?? 0,
    take: page.limit ?? 500,
    include: {
      sentences: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          position: true,
          text: true,
          excluded: true,
          excludedReason: true,
          document: { select: { lang: true } },
        },
      },
    },
  });
  return pairs.map((p, i) => {
    const side = (lang: string) =>
      p.sentences
        .filter((s) => s.document.lang === lang)
        .map(({ document: _d, ...s }) => s);
    return {
      id: p.id,
      position: p.position,
      number: (page.offset ?? 0) + i + 1,
      score: p.score,
      status: p.status,
      origin: p.origin,
      crossing: p.crossing,
      version: p.version,
      en: side("en"),
      zh: side("zh"),
    };
  });
}

export async function getBitext(db: Db, bitextId: number) {
  return db.bitext.findUnique({
    where: { id: bitextId },
    include: {
      project: { select: { id: true, name: true } },
      documents: { select: { id: true, lang: true, title: true, _count: { select: { sentences: true } } } },
      _count: { select: { pairs: true } },
    },
  });
}

/** A document pair's review progress, as the project page lists it. */
export interface BitextProgress {
  /** pairs that are not web clutter only */
  pairs: number;
  /** excluded web clutter (pairs whose every sentence is excluded) */
  clutter: number;
  /** pairs a reviewer set a status on (confirmed, flagged, corrected), of `pairs` */
  reviewed: number;
  /** reviewed share of `pairs`, 0–100, one decimal (as the review page's summary) */
  reviewedPct: number;
  /** editors' open flags */
  openFlags: number;
  /** open automatic findings (not dismissed) */
  findings: number;
  /** mean of the aligner's confidence (0–1) over the pairs that have one; null: none has */
  meanConfidence: number | null;
}

/**
 * Review progress of every document pair of a project, counted as the review page's summary
 * counts it (lib/db/review/view.ts): reviewed = a status other than automatic, over the pairs
 * that are not clutter; editors' flags and automatic findings apart. A few grouped queries for
 * the whole project, never the pairs' texts.
 */
export async function projectProgress(db: Db, projectId: number): Promise<Map<number, BitextProgress>> {
  const where = { bitext: { projectId } };
  const [pairs, live, flags] = await Promise.all([
    db.alignmentPair.findMany({ where, select: { id: true, bitextId: true, status: true, confidence: true } }),
    db.sentence.groupBy({ by: ["pairId"], where: { excluded: false, pair: where }, _count: { _all: true } }),
    db.flag.findMany({ where: { resolved: false, pair: where }, select: { pairId: true, source: true } }),
  ]);
  const hasLive = new Set(live.map((r) => r.pairId));
  const out = new Map<number, BitextProgress & { confidenceSum: number; withConfidence: number }>();
  const of = (bitextId: number) => {
    let p = out.get(bitextId);
    if (!p) out.set(bitextId, (p = { pairs: 0, clutter: 0, reviewed: 0, reviewedPct: 0, openFlags: 0, findings: 0, meanConfidence: null, confidenceSum: 0, withConfidence: 0 }));
    return p;
  };
  const bitextOf = new Map<number, number>();
  for (const p of pairs) {
    bitextOf.set(p.id, p.bitextId);
    const b = of(p.bitextId);
    if (!hasLive.has(p.id)) {
      b.clutter++;
      continue;
    }
    b.pairs++;
    if (p.status !== "automatic") b.reviewed++;
    if (p.confidence !== null) {
      b.withConfidence++;
      b.confidenceSum += p.confidence;
    }
  }
  for (const f of flags) {
    const bitextId = bitextOf.get(f.pairId);
    if (bitextId === undefined) continue;
    if (f.source === "check") of(bitextId).findings++;
    else of(bitextId).openFlags++;
  }
  const result = new Map<number, BitextProgress>();
  for (const [id, { confidenceSum, withConfidence, ...b }] of out) {
    b.reviewedPct = b.pairs ? Math.round((b.reviewed / b.pairs) * 1000) / 10 : 0;
    b.meanConfidence = withConfidence ? Math.round((confidenceSum / withConfidence) * 1000) / 1000 : null;
    result.set(id, b);
  }
  return result;
}

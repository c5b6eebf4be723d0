// Read side for the project list and the side-by-side view.
import type { Db } from "./client";

export async function listProjects(db: Db) {
  const projects = await db.project.findMany({
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: { _count: { select: { bitexts: true } } },
  });
  const pairCounts = await db.alignmentPair.groupBy({
    by: ["bitextId"],
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

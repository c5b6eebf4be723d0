// Streams the corrected corpus out of the database page by page, so exports of any size
// run in bounded memory. Corrections and alignment fixes are applied; flags and notes ride along.
import type { Db } from "./client";
import { currentText } from "./review/core";
import type { CorpusPair, CorpusDocMeta } from "../formats/model";

const PAGE = 500;

export class ExportNotFoundError extends Error {
  override name = "ExportNotFoundError";
}

/** A project by numeric id or exact name. */
export async function findProject(db: Db, nameOrId: string) {
  const asId = /^\d+$/.test(nameOrId) ? Number(nameOrId) : null;
  const project =
    (asId !== null ? await db.project.findUnique({ where: { id: asId } }) : null) ??
    (await db.project.findUnique({ where: { name: nameOrId } }));
  if (!project) throw new ExportNotFoundError(`No project "${nameOrId}"`);
  return project;
}

export async function exportMeta(db: Db, projectId: number, bitextId?: number): Promise<CorpusDocMeta> {
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId } });
  const bitext = bitextId ? await db.bitext.findUnique({ where: { id: bitextId } }) : null;
  return { title: bitext?.title ?? project.name, project: project.name, srcLang: "zh", created: new Date() };
}

/** The pairs of one document pair, or of every document pair of a project, in reading order. */
export async function* corpusPairs(db: Db, scope: { projectId: number; bitextId?: number }): AsyncGenerator<CorpusPair> {
  const bitexts = await db.bitext.findMany({
    where: { projectId: scope.projectId, ...(scope.bitextId ? { id: scope.bitextId } : {}), status: "ready" },
    orderBy: { position: "asc" },
    select: { id: true },
  });
  if (scope.bitextId && bitexts.length === 0) throw new ExportNotFoundError(`No aligned document pair ${scope.bitextId} in this project`);
  let position = 0;
  for (const { id: bitextId } of bitexts) {
    let after = -1;
    for (;;) {
      const page = await db.alignmentPair.findMany({
        where: { bitextId, position: { gt: after } },
        orderBy: { position: "asc" },
        take: PAGE,
        include: {
          sentences: {
            orderBy: { position: "asc" },
            include: { corrections: true, document: { select: { lang: true } } },
          },
          flags: { orderBy: { id: "asc" } },
        },
      });
      if (page.length === 0) break;
      for (const p of page) {
        const side = (lang: "en" | "zh") =>
          p.sentences
            .filter((s) => s.document.lang === lang && !s.excluded)
            .map((s) => {
              const text = currentText(s);
              return { text, ...(text !== s.text ? { original: s.text } : {}), paragraph: s.paragraph, index: s.position };
            });
        const en = side("en");
        const zh = side("zh");
        if (en.length === 0 && zh.length === 0) continue; // web clutter only
        yield {
          position: position++,
          en,
          zh,
          status: p.status as CorpusPair["status"],
          score: p.score,
          parts: p.scoreDetails ?? undefined,
          flags: p.flags.map((f) => ({ category: f.category, severity: f.severity, note: f.note, source: f.source, resolved: f.resolved })),
        };
      }
      after = page[page.length - 1].position;
    }
  }
}

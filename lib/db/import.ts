// Importing a document pair: store both texts and queue the alignment job in one
// transaction, so the request returns at once whatever the size of the documents.
import { z } from "zod";
import type { Db } from "./client";
import { createBitextIn } from "./bitexts";
import { enqueueJob } from "./jobs";
import { alignModeSchema } from "./vocabulary";

export const importRequestSchema = z
  .object({
    projectId: z.coerce.number().int().positive().max(2 ** 31 - 1).optional(),
    projectName: z.string().trim().min(1).max(120).optional(),
    title: z.string().trim().min(1, "Give the document pair a title").max(200),
    mode: alignModeSchema.default("auto"),
  })
  .refine((v) => v.projectId !== undefined || v.projectName !== undefined, {
    message: "Choose a project or name a new one",
  });
export type ImportRequest = z.infer<typeof importRequestSchema>;

export interface ImportedText {
  text: string;
  sourceName?: string | null;
}

export class ImportConflictError extends Error {
  override name = "ImportConflictError";
}

export async function importDocumentPair(
  db: Db,
  req: ImportRequest,
  texts: { en: ImportedText; zh: ImportedText },
  actorId: number | null = null,
) {
  return db.$transaction(async (tx) => {
    let projectId = req.projectId;
    if (projectId === undefined) {
      const name = req.projectName!;
      if (await tx.project.findUnique({ where: { name } })) {
        throw new ImportConflictError(`A project named "${name}" exists already: add the document pair to it instead`);
      }
      const project = await tx.project.create({ data: { name } });
      if (actorId !== null) await tx.projectMember.create({ data: { projectId: project.id, userId: actorId, role: "owner" } });
      await tx.auditLog.create({
        data: { projectId: project.id, entityType: "project", entityId: project.id, action: "create", actorId, after: { name } },
      });
      projectId = project.id;
    } else if (!(await tx.project.findUnique({ where: { id: projectId } }))) {
      throw new ImportConflictError(`Project ${projectId} does not exist`);
    }
    const bitext = await createBitextIn(
      tx,
      {
        projectId,
        title: req.title,
        mode: req.mode,
        en: { text: texts.en.text, sourceName: texts.en.sourceName ?? undefined },
        zh: { text: texts.zh.text, sourceName: texts.zh.sourceName ?? undefined },
      },
      actorId,
    );
    const job = await enqueueJob(tx, { type: "align", bitextId: bitext.id, payload: { mode: req.mode }, createdById: actorId });
    return { projectId, bitextId: bitext.id, jobId: job.id };
  });
}

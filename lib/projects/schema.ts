// Request bodies of the project API that the project pages send as JSON: the route handlers
// validate with these schemas and the client components build their bodies from the same
// types. Plain zod: no Next.js, no Prisma.
import { z } from "zod";

/** PATCH /api/projects/:projectId/batch */
export const batchActionSchema = z.object({ action: z.enum(["cancel-all", "retry-failed"]) });
export type BatchAction = z.input<typeof batchActionSchema>;

/** POST /api/projects/:projectId/glossary: one term, or a TSV of terms. */
export const glossaryBodySchema = z.union([
  z.object({ en: z.string().max(200), zh: z.string().max(200), note: z.string().max(200).optional() }),
  z.object({ tsv: z.string().max(2_000_000), replace: z.boolean().optional() }),
]);
export type GlossaryBody = z.input<typeof glossaryBodySchema>;

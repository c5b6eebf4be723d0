// Request bodies of the project API that the project pages send as JSON: the route handlers
// validate with these schemas and the client components build their bodies from the same
// types. Plain zod: no Next.js, no Prisma.
import { z } from "zod";
import { textSchema } from "../review/schema";

/** PATCH /api/projects/:projectId/batch */
export const batchActionSchema = z.object({ action: z.enum(["cancel-all", "retry-failed"]) });
export type BatchAction = z.input<typeof batchActionSchema>;

/** POST /api/projects/:projectId/glossary: one term, or a TSV of terms. */
export const glossaryBodySchema = z.union([
  z.object({ en: textSchema(200, "An English term"), zh: textSchema(200, "A Chinese term"), note: textSchema(200, "A note").optional() }),
  z.object({ tsv: textSchema(2_000_000, "A glossary"), replace: z.boolean().optional() }),
]);
export type GlossaryBody = z.input<typeof glossaryBodySchema>;

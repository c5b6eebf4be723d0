// GET  /api/projects/:id/glossary            the terms (JSON); ?format=tsv downloads them as a TSV
// POST /api/projects/:id/glossary            { en, zh, note? } adds a term; { tsv, replace? } uploads a TSV
//                                            (lib/projects/schema.ts: glossaryBodySchema)
// After a change the automatic checks re-run over the project's document pairs (small ones here).
import { z } from "zod";
import { addGlossaryTerm, glossaryTsv, importGlossaryTsv, listGlossary, recheckProject } from "@/lib/db/glossary";
import { glossaryBodySchema } from "@/lib/projects/schema";
import { route } from "@/app/api/route-kit";

const glossaryQuery = z.object({ format: z.enum(["json", "tsv"]).default("json") });

export const GET = route({ scope: "project", role: "viewer", query: glossaryQuery, invalid: "format must be json or tsv" }, async ({ db, id, query }) => {
  if (query.format === "json") return { terms: await listGlossary(db, id) };
  return new Response(await glossaryTsv(db, id), {
    headers: {
      "content-type": "text/tab-separated-values; charset=utf-8",
      "content-disposition": `attachment; filename="glossary-project-${id}.tsv"`,
      "cache-control": "no-store",
    },
  });
});

export const POST = route({ scope: "project", role: "editor", body: glossaryBodySchema }, async ({ db, id, body }) => {
  const change =
    "tsv" in body
      ? { kind: "import" as const, ...(await importGlossaryTsv(db, id, body.tsv, { replace: body.replace })) }
      : { kind: "add" as const, term: await addGlossaryTerm(db, id, body) };
  const checks = await recheckProject(db, id);
  return { ...change, terms: await listGlossary(db, id), checks };
});

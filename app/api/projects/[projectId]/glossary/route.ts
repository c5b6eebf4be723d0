// GET  /api/projects/:id/glossary            the terms (JSON); ?format=tsv downloads them as a TSV
// POST /api/projects/:id/glossary            { en, zh, note? } adds a term; { tsv, replace? } uploads a TSV
// After a change the automatic checks re-run over the project's document pairs (small ones here).
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { addGlossaryTerm, glossaryTsv, importGlossaryTsv, listGlossary, recheckProject } from "@/lib/db/glossary";
import { errorResponse, fail, idParam, json, zodMessage } from "@/app/api/pairs/shared";
import { requireProjectRole } from "@/lib/auth/session";
import { glossaryError } from "./shared";

const body = z.union([
  z.object({ en: z.string().max(200), zh: z.string().max(200), note: z.string().max(200).optional() }),
  z.object({ tsv: z.string().max(2_000_000), replace: z.boolean().optional() }),
]);

export async function GET(req: Request, { params }: { params: Promise<{ projectId: string }> }) {
  const projectId = idParam((await params).projectId);
  if (!projectId) return fail(400, "Bad project id");
  try {
    await requireProjectRole(projectId, "viewer");
  } catch (err) {
    return errorResponse(err);
  }
  const format = z.enum(["json", "tsv"]).default("json").safeParse(new URL(req.url).searchParams.get("format") ?? undefined);
  if (!format.success) return fail(400, "format must be json or tsv");
  try {
    const db = getDb();
    if (format.data === "tsv") {
      return new Response(await glossaryTsv(db, projectId), {
        headers: {
          "content-type": "text/tab-separated-values; charset=utf-8",
          "content-disposition": `attachment; filename="glossary-project-${projectId}.tsv"`,
          "cache-control": "no-store",
        },
      });
    }
    return json({ terms: await listGlossary(db, projectId) });
  } catch (err) {
    return glossaryError(err);
  }
}

export async function POST(req: Request, { params }: { params: Promise<{ projectId: string }> }) {
  const projectId = idParam((await params).projectId);
  if (!projectId) return fail(400, "Bad project id");
  try {
    await requireProjectRole(projectId, "editor");
  } catch (err) {
    return errorResponse(err);
  }
  const parsed = body.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return fail(400, `Bad request: ${zodMessage(parsed.error)}`);
  try {
    const db = getDb();
    const input = parsed.data;
    const change =
      "tsv" in input
        ? { kind: "import" as const, ...(await importGlossaryTsv(db, projectId, input.tsv, { replace: input.replace })) }
        : { kind: "add" as const, term: await addGlossaryTerm(db, projectId, input) };
    const checks = await recheckProject(db, projectId);
    return json({ ...change, terms: await listGlossary(db, projectId), checks });
  } catch (err) {
    return glossaryError(err);
  }
}

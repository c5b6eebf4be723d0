// DELETE /api/projects/:id/glossary/:termId removes a term, then re-runs the automatic checks.
import { getDb } from "@/lib/db/client";
import { deleteGlossaryTerm, listGlossary, recheckProject } from "@/lib/db/glossary";
import { errorResponse, fail, idParam, json } from "@/app/api/pairs/shared";
import { requireProjectRole } from "@/lib/auth/session";
import { glossaryError } from "../shared";

export async function DELETE(_req: Request, { params }: { params: Promise<{ projectId: string; termId: string }> }) {
  const p = await params;
  const projectId = idParam(p.projectId);
  const termId = idParam(p.termId);
  if (!projectId || !termId) return fail(400, "Bad project or term id");
  try {
    await requireProjectRole(projectId, "editor");
  } catch (err) {
    return errorResponse(err);
  }
  try {
    const db = getDb();
    await deleteGlossaryTerm(db, projectId, termId);
    const checks = await recheckProject(db, projectId);
    return json({ terms: await listGlossary(db, projectId), checks });
  } catch (err) {
    return glossaryError(err);
  }
}

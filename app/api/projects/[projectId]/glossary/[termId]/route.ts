// DELETE /api/projects/:id/glossary/:termId removes a term, then re-runs the automatic checks.
import { deleteGlossaryTerm, listGlossary, recheckProject } from "@/lib/db/glossary";
import { route } from "@/app/api/route-kit";

export const DELETE = route({ scope: "project", role: "editor", ids: { termId: "term" } }, async ({ db, id, ids }) => {
  await deleteGlossaryTerm(db, id, ids.termId);
  const checks = await recheckProject(db, id);
  return { terms: await listGlossary(db, id), checks };
});

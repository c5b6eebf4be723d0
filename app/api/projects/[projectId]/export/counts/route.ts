// GET /api/projects/:id/export/counts?format=tmx&bitext=…&confirmedOnly=1&minScore=60&minConfidence=50&dropOpenMajorFlags=1&includeGaps=1
// How many pairs the export with these fields would hold ({ all, kept, each }), so that the
// export dialog can say what each filter keeps before anything is downloaded.
import { exportCounts } from "@/lib/db/export";
import { exportFieldsSchema, exportOptionsOf } from "@/lib/review/schema";
import { fail, route } from "@/app/api/route-kit";

export const runtime = "nodejs";

export const GET = route({ scope: "project", role: "viewer", query: exportFieldsSchema }, async ({ db, id: projectId, query }) => {
  if (!(await db.project.findUnique({ where: { id: projectId } }))) return fail(404, "No such project");
  return exportCounts(db, { projectId, bitextId: query.bitext }, query.format, exportOptionsOf(query));
});

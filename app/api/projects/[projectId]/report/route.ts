// GET /api/projects/:id/report?format=json|csv — the project report (lib/db/report.ts) as a download.
import { z } from "zod";
import { getProjectReport, reportCsv } from "@/lib/db/report";
import { fail, route } from "@/app/api/route-kit";

const reportQuery = z.object({ format: z.enum(["json", "csv"]).default("json") });

export const GET = route({ scope: "project", role: "viewer", query: reportQuery, invalid: "format must be csv or json" }, async ({ db, id, query: { format } }) => {
  const report = await getProjectReport(db, id);
  if (!report) return fail(404, `Project ${id} does not exist`);
  const name = `report-project-${id}-${report.generatedAt.slice(0, 10)}.${format}`;
  return new Response(format === "csv" ? reportCsv(report) : JSON.stringify(report, null, 2), {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
    },
  });
});

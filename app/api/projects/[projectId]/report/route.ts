// GET /api/projects/:id/report?format=json|csv — the project report (lib/db/report.ts) as a download.
import { getDb } from "@/lib/db/client";
import { getProjectReport, reportCsv } from "@/lib/db/report";
import { errorResponse, fail, idParam } from "@/app/api/pairs/shared";
import { requireProjectRole } from "@/lib/auth/session";

export async function GET(req: Request, { params }: { params: Promise<{ projectId: string }> }) {
  const projectId = idParam((await params).projectId);
  if (!projectId) return fail(400, "Bad project id");
  try {
    await requireProjectRole(projectId, "viewer");
  } catch (err) {
    return errorResponse(err);
  }
  const format = new URL(req.url).searchParams.get("format") ?? "json";
  if (format !== "json" && format !== "csv") return fail(400, "format must be csv or json");
  const report = await getProjectReport(getDb(), projectId);
  if (!report) return fail(404, `Project ${projectId} does not exist`);
  const name = `report-project-${projectId}-${report.generatedAt.slice(0, 10)}.${format}`;
  return new Response(format === "csv" ? reportCsv(report) : JSON.stringify(report, null, 2), {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
    },
  });
}

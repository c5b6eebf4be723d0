// GET /api/jobs/:id/download — the output of a finished export job (kept in the job row when
// small, else in the exports folder; see lib/db/export.ts).
import { Readable } from "node:stream";
import { getDb } from "@/lib/db/client";
import { ExportNotFoundError, ExportNotReadyError, openExportDownload } from "@/lib/db/export";
import { errorResponse, fail, idParam } from "@/app/api/pairs/shared";
import { requireJobRole } from "@/lib/auth/session";

export const runtime = "nodejs";

export async function GET(_req: Request, { params }: { params: Promise<{ jobId: string }> }) {
  const jobId = idParam((await params).jobId);
  if (!jobId) return fail(404, "No such job");
  try {
    await requireJobRole(jobId, "viewer");
  } catch (err) {
    return errorResponse(err);
  }
  let out;
  try {
    out = await openExportDownload(getDb(), jobId);
  } catch (err) {
    if (err instanceof ExportNotFoundError) return fail(404, err.message);
    if (err instanceof ExportNotReadyError) return fail(409, err.message);
    throw err;
  }
  const body = Buffer.isBuffer(out.body) ? new Uint8Array(out.body) : (Readable.toWeb(out.body) as ReadableStream<Uint8Array>);
  return new Response(body, {
    headers: {
      "content-type": out.contentType,
      "content-length": String(out.bytes),
      "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(out.fileName)}`,
      "cache-control": "no-store",
    },
  });
}

// GET /api/jobs/:id/download — the output of a finished export job (kept in the job row when
// small, else in the exports folder; see lib/db/export.ts).
import { Readable } from "node:stream";
import { openExportDownload } from "@/lib/db/export";
import { route } from "@/app/api/route-kit";

export const runtime = "nodejs";

export const GET = route({ scope: "job", role: "viewer" }, async ({ db, id }) => {
  const out = await openExportDownload(db, id);
  const body = Buffer.isBuffer(out.body) ? new Uint8Array(out.body) : (Readable.toWeb(out.body) as ReadableStream<Uint8Array>);
  return new Response(body, {
    headers: {
      "content-type": out.contentType,
      "content-length": String(out.bytes),
      "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(out.fileName)}`,
      "cache-control": "no-store",
    },
  });
});

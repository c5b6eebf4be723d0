// GET /api/projects/:id/export?format=tmx&bitext=…&confirmedOnly=1&minScore=60&dropOpenMajorFlags=1&includeGaps=1
// Streams the corrected corpus as a download.
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { ExportNotFoundError, corpusPairs, exportMeta } from "@/lib/db/export";
import { EXPORT_FORMATS, exportCorpus } from "@/lib/formats";

export const runtime = "nodejs";

const flag = z.enum(["0", "1", "true", "false"]).transform((v) => v === "1" || v === "true");
const query = z.object({
  format: z.enum(Object.keys(EXPORT_FORMATS) as [keyof typeof EXPORT_FORMATS, ...(keyof typeof EXPORT_FORMATS)[]]),
  bitext: z.coerce.number().int().positive().optional(),
  confirmedOnly: flag.optional(),
  dropOpenMajorFlags: flag.optional(),
  includeGaps: flag.optional(),
  minScore: z.coerce.number().min(0).max(100).optional(),
});

export async function GET(req: Request, { params }: { params: Promise<{ projectId: string }> }) {
  const projectId = Number((await params).projectId);
  // Empty form fields mean "not set".
  const given = [...new URL(req.url).searchParams].filter(([, v]) => v !== "");
  const parsed = query.safeParse(Object.fromEntries(given));
  if (!Number.isInteger(projectId) || !parsed.success) {
    return Response.json({ error: `Bad export request: format must be one of ${Object.keys(EXPORT_FORMATS).join(", ")}` }, { status: 400 });
  }
  const db = getDb();
  const { format, bitext, ...filter } = parsed.data;
  if (!(await db.project.findUnique({ where: { id: projectId } }))) return Response.json({ error: "No such project" }, { status: 404 });
  const meta = await exportMeta(db, projectId, bitext);
  const pairs = corpusPairs(db, { projectId, bitextId: bitext });
  const { chunks, fileName, contentType } = exportCorpus(format, pairs, meta, filter);
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(typeof value === "string" ? encoder.encode(value) : value);
      } catch (err) {
        controller.error(err instanceof ExportNotFoundError ? err : new Error("export failed"));
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": contentType,
      "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "cache-control": "no-store",
    },
  });
}

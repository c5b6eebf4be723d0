// GET /api/projects/:id/export?format=tmx&bitext=…&confirmedOnly=1&minScore=60&dropOpenMajorFlags=1&includeGaps=1
// Streams the corrected corpus (every aligned document pair of the project, or one) as a download.
// Exports of more than EXPORT_JOB_THRESHOLD pairs are refused here (409, code "use-job"): they
// run as a background job instead —
// POST /api/projects/:id/export with the same fields (form or JSON) queues an `export` job
// (202 with the job); its output is served by GET /api/jobs/:jobId/download.
// Document pairs that are not aligned yet are left out; the X-Parallax-Left-Out header counts them.
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { errorResponse, fail, json } from "@/app/api/pairs/shared";
import { requireProjectRole } from "@/lib/auth/session";
import { EXPORT_JOB_THRESHOLD, ExportNotFoundError, corpusPairs, exportMeta, exportScope, type ExportJobPayload } from "@/lib/db/export";
import { enqueueJob, jobView } from "@/lib/db/jobs";
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

type Parsed = { ok: true; projectId: number; userId: number; data: z.infer<typeof query> } | { ok: false; response: Response };

async function parse(rawId: string, fields: [string, unknown][]): Promise<Parsed> {
  const projectId = Number(rawId);
  if (!Number.isSafeInteger(projectId) || projectId <= 0) return { ok: false, response: fail(400, "Bad project id") };
  // Empty form fields mean "not set".
  const given = fields.filter(([, v]) => v !== "" && v !== null && v !== undefined).map(([k, v]) => [k, typeof v === "boolean" ? String(v) : v]);
  const parsed = query.safeParse(Object.fromEntries(given));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const what = issue?.path[0] === "format" || !issue ? `format must be one of ${Object.keys(EXPORT_FORMATS).join(", ")}` : `${String(issue.path[0])}: ${issue.message}`;
    return { ok: false, response: fail(400, `Bad export request: ${what}`) };
  }
  let userId: number;
  try {
    userId = (await requireProjectRole(projectId, "viewer")).user.id;
  } catch (err) {
    return { ok: false, response: errorResponse(err) };
  }
  return { ok: true, projectId, userId, data: parsed.data };
}

export async function GET(req: Request, { params }: { params: Promise<{ projectId: string }> }) {
  const p = await parse((await params).projectId, [...new URL(req.url).searchParams]);
  if (!p.ok) return p.response;
  const { projectId } = p;
  const db = getDb();
  const { format, bitext, ...filter } = p.data;
  if (!(await db.project.findUnique({ where: { id: projectId } }))) return fail(404, "No such project");
  const scope = await exportScope(db, projectId, bitext);
  if (bitext && scope.documentPairs === 0) return fail(404, `No aligned document pair ${bitext} in this project`);
  if (scope.pairs > EXPORT_JOB_THRESHOLD) {
    return fail(409, `This export has ${scope.pairs.toLocaleString("en-US")} pairs: exports of more than ${EXPORT_JOB_THRESHOLD.toLocaleString("en-US")} run as a background job — POST the same fields to this address`, {
      code: "use-job",
      pairs: scope.pairs,
    });
  }
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
      "x-parallax-document-pairs": String(scope.documentPairs),
      "x-parallax-left-out": String(scope.leftOut.length),
    },
  });
}

export async function POST(req: Request, { params }: { params: Promise<{ projectId: string }> }) {
  let fields: [string, unknown][];
  try {
    fields = (req.headers.get("content-type") ?? "").includes("application/json")
      ? Object.entries((await req.json()) as Record<string, unknown>)
      : [...(await req.formData())];
  } catch {
    return fail(400, "Send the export fields as JSON or as a form");
  }
  const p = await parse((await params).projectId, fields);
  if (!p.ok) return p.response;
  const db = getDb();
  const { format, bitext, ...filter } = p.data;
  const scope = await exportScope(db, p.projectId, bitext);
  if (scope.documentPairs === 0) return fail(404, bitext ? `No aligned document pair ${bitext} in this project` : "Nothing to export: no document pair of this project is aligned yet");
  const payload: ExportJobPayload = { projectId: p.projectId, format, ...(bitext ? { bitextId: bitext } : {}), filter };
  const job = await enqueueJob(db, { type: "export", payload, createdById: p.userId });
  return json({ ...jobView(job), pairs: scope.pairs, leftOut: scope.leftOut }, 202);
}

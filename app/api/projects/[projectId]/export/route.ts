// GET /api/projects/:id/export?format=tmx&bitext=…&confirmedOnly=1&minScore=60&minConfidence=50&dropOpenMajorFlags=1&includeGaps=1
//   TMX also: &zhLang=zh-TW&enLang=en-GB (default zh-CN / en-US) &scoreParts=1 (the heavy x-score-parts)
// Streams the corrected corpus (every aligned document pair of the project, or one) as a download;
// InterText is a zip with one set of three files per document pair.
// Exports of more than EXPORT_JOB_THRESHOLD pairs are refused here (409, code "use-job"): they
// run as a background job instead —
// POST /api/projects/:id/export with the same fields (form or JSON) queues an `export` job
// (202 with the job); its output is served by GET /api/jobs/:jobId/download.
// Document pairs that are not aligned yet are left out; the X-Parallax-Left-Out header counts them.
import type { ZodError } from "zod";
import { ValidationError } from "@/lib/db/review";
import { EXPORT_JOB_THRESHOLD, ExportNotFoundError, exportMeta, exportScope, exportSource, type ExportJobPayload } from "@/lib/db/export";
import { enqueueJob, jobView } from "@/lib/db/jobs";
import { EXPORT_FORMATS, exportCorpus } from "@/lib/formats";
import { readFormBody } from "@/lib/import";
import { exportFieldsSchema as exportFields, exportOptionsOf } from "@/lib/review/schema";
import { fail, json, route } from "@/app/api/route-kit";

export const runtime = "nodejs";

function badExport(err: ZodError): string {
  const issue = err.issues[0];
  const what = issue?.path[0] === "format" || !issue ? `format must be one of ${Object.keys(EXPORT_FORMATS).join(", ")}` : `${String(issue.path[0])}: ${issue.message}`;
  return `Bad export request: ${what}`;
}

/** The fields of a POST: a JSON object or a form (read within the form limits, lib/import/form.ts). */
async function jsonOrForm(req: Request): Promise<unknown> {
  if (!(req.headers.get("content-type") ?? "").includes("application/json")) return Object.fromEntries(await readFormBody(req, { what: "the export fields" }));
  try {
    return (await req.json()) as unknown;
  } catch {
    throw new ValidationError("Send the export fields as JSON or as a form");
  }
}

export const GET = route({ scope: "project", role: "viewer", query: exportFields, invalid: badExport }, async ({ db, id: projectId, query }) => {
  const { format, bitext } = query;
  const filter = exportOptionsOf(query);
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
  const source = await exportSource(db, format, { projectId, bitextId: bitext });
  const { chunks, fileName, contentType } = exportCorpus(format, source, meta, filter);
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
});

export const POST = route(
  { scope: "project", role: "viewer", body: exportFields, readBody: jsonOrForm, invalid: badExport },
  async ({ db, id: projectId, access, body }) => {
    const { format, bitext } = body;
    const filter = exportOptionsOf(body);
    const scope = await exportScope(db, projectId, bitext);
    if (scope.documentPairs === 0) return fail(404, bitext ? `No aligned document pair ${bitext} in this project` : "Nothing to export: no document pair of this project is aligned yet");
    const payload: ExportJobPayload = { projectId, format, ...(bitext ? { bitextId: bitext } : {}), filter };
    const job = await enqueueJob(db, { type: "export", payload, createdById: access.user.id });
    return json({ ...jobView(job), pairs: scope.pairs, leftOut: scope.leftOut }, 202);
  },
);

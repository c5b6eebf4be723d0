// The project's batch of document pairs.
// GET   — every document pair with the state of its latest job and the counts (the progress view polls it).
// POST  — a batch import: multipart `files` (a zip, or the .en/.zh files themselves) and `mode`;
//         202 with the per-file report and the jobs queued, 422 with the report when no pair was found.
// PATCH — {"action": "cancel-all"} cancels every queued or running job of the project;
//         {"action": "retry-failed"} retries every document pair whose latest job failed or was cancelled.
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { batchStatus, BatchImportError, cancelProjectJobs, importBatch, retryProjectJobs } from "@/lib/db/batch-import";
import { alignModeSchema } from "@/lib/db/vocabulary";
import { errorResponse, fail, idParam, json, zodMessage } from "@/app/api/pairs/shared";
import { requireProjectRole } from "@/lib/auth/session";
import { BatchError, readBatchUploads } from "@/lib/import/batch";
import { importErrorStatus, isImportError, MAX_BATCH_FILES, MAX_BATCH_ZIP_BYTES, parseUploadForm, readFormBody } from "@/lib/import";

export const runtime = "nodejs";

type Params = { params: Promise<{ projectId: string }> };

export async function GET(_req: Request, { params }: Params) {
  const projectId = idParam((await params).projectId);
  if (!projectId) return fail(400, "Bad project id");
  try {
    await requireProjectRole(projectId, "viewer");
  } catch (err) {
    return errorResponse(err);
  }
  const status = await batchStatus(getDb(), projectId);
  if (!status) return fail(404, `Project ${projectId} does not exist`);
  return json(status);
}

const FORM_SPEC = {
  text: { mode: { label: "mode", maxChars: 20 } },
  files: { files: { label: "The files", max: MAX_BATCH_FILES } },
  maxFiles: MAX_BATCH_FILES,
  // A zip is one file and may be larger than one document; loose documents are held to the
  // per-document limit when they are read (lib/import/batch.ts).
  maxFileBytes: MAX_BATCH_ZIP_BYTES,
  maxTotalBytes: MAX_BATCH_ZIP_BYTES,
};

export async function POST(req: Request, { params }: Params) {
  const projectId = idParam((await params).projectId);
  if (!projectId) return fail(400, "Bad project id");
  let userId: number;
  try {
    userId = (await requireProjectRole(projectId, "editor")).user.id;
  } catch (err) {
    return errorResponse(err);
  }
  let form;
  try {
    form = parseUploadForm(await readFormBody(req, { what: "a zip of .en/.zh files" }), FORM_SPEC);
  } catch (err) {
    if (isImportError(err)) return fail(importErrorStatus(err.code), err.message, { code: err.code });
    throw err;
  }
  const mode = alignModeSchema.safeParse(form.text.mode ?? "auto");
  if (!mode.success) return fail(400, `mode: ${zodMessage(mode.error)}`);
  if (form.files.files.length === 0) return fail(400, "Choose a zip file (or the .en/.zh files) to import");

  let report;
  try {
    const uploads = await Promise.all(form.files.files.map(async (f) => ({ path: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
    report = await readBatchUploads(uploads);
  } catch (err) {
    if (err instanceof BatchError) return fail(400, err.message, { code: "bad-batch" });
    throw err;
  }
  if (report.pairs.length === 0) {
    return fail(422, "No document pairs found: name the files <name>.en.<ext> and <name>.zh.<ext> (txt, md, html or docx)", {
      code: "no-pairs",
      files: report.files,
      created: [],
    });
  }
  try {
    const result = await importBatch(getDb(), { projectId, mode: mode.data }, report, userId);
    return json(result, 202);
  } catch (err) {
    if (err instanceof BatchImportError) return fail(404, err.message);
    throw err;
  }
}

const patchBody = z.object({ action: z.enum(["cancel-all", "retry-failed"]) });

export async function PATCH(req: Request, { params }: Params) {
  const projectId = idParam((await params).projectId);
  if (!projectId) return fail(400, "Bad project id");
  let userId: number;
  try {
    userId = (await requireProjectRole(projectId, "editor")).user.id;
  } catch (err) {
    return errorResponse(err);
  }
  const body = patchBody.safeParse(await req.json().catch(() => null));
  if (!body.success) return fail(400, 'Send {"action": "cancel-all"} or {"action": "retry-failed"}');
  const db = getDb();
  if (body.data.action === "cancel-all") return json({ cancelled: await cancelProjectJobs(db, projectId) });
  try {
    return json({ retried: (await retryProjectJobs(db, projectId, userId)).length });
  } catch (err) {
    if (err instanceof BatchImportError) return fail(404, err.message);
    throw err;
  }
}

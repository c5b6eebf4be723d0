// The project's batch of document pairs.
// GET   — every document pair with the state of its latest job and the counts (the progress view polls it).
// POST  — a batch import: multipart `files` (a zip, or the .en/.zh files themselves) and `mode`;
//         202 with the per-file report and the jobs queued, 422 with the report when no pair was found.
// PATCH — {"action": "cancel-all"} cancels every queued or running job of the project;
//         {"action": "retry-failed"} retries every document pair whose latest job failed or was cancelled.
import { batchStatus, cancelProjectJobs, importBatch, retryProjectJobs } from "@/lib/db/batch-import";
import { alignModeSchema } from "@/lib/db/vocabulary";
import { readBatchUploads } from "@/lib/import/batch";
import { MAX_BATCH_FILES, MAX_BATCH_ZIP_BYTES, parseUploadForm, readFormBody } from "@/lib/import";
import { batchActionSchema } from "@/lib/projects/schema";
import { fail, json, route, zodMessage } from "@/app/api/route-kit";

export const runtime = "nodejs";

export const GET = route({ scope: "project", role: "viewer" }, async ({ db, id }) => (await batchStatus(db, id)) ?? fail(404, `Project ${id} does not exist`));

const FORM_SPEC = {
  text: { mode: { label: "mode", maxChars: 20 } },
  files: { files: { label: "The files", max: MAX_BATCH_FILES } },
  maxFiles: MAX_BATCH_FILES,
  // A zip is one file and may be larger than one document; loose documents are held to the
  // per-document limit when they are read (lib/import/batch.ts).
  maxFileBytes: MAX_BATCH_ZIP_BYTES,
  maxTotalBytes: MAX_BATCH_ZIP_BYTES,
};

export const POST = route({ scope: "project", role: "editor" }, async ({ req, db, id: projectId, access }) => {
  const form = parseUploadForm(await readFormBody(req, { what: "a zip of .en/.zh files" }), FORM_SPEC);
  const mode = alignModeSchema.safeParse(form.text.mode ?? "auto");
  if (!mode.success) return fail(400, `mode: ${zodMessage(mode.error)}`);
  if (form.files.files.length === 0) return fail(400, "Choose a zip file (or the .en/.zh files) to import");

  const uploads = await Promise.all(form.files.files.map(async (f) => ({ path: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
  const report = await readBatchUploads(uploads);
  if (report.pairs.length === 0) {
    return fail(422, "No document pairs found: name the files <name>.en.<ext> and <name>.zh.<ext> (txt, md, html or docx)", {
      code: "no-pairs",
      files: report.files,
      created: [],
    });
  }
  return json(await importBatch(db, { projectId, mode: mode.data }, report, access.user.id), 202);
});

export const PATCH = route(
  { scope: "project", role: "editor", body: batchActionSchema, invalid: 'Send {"action": "cancel-all"} or {"action": "retry-failed"}' },
  async ({ db, id: projectId, access, body }) =>
    body.action === "cancel-all" ? { cancelled: await cancelProjectJobs(db, projectId) } : { retried: (await retryProjectJobs(db, projectId, access.user.id)).length },
);

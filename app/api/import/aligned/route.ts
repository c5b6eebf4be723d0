// POST /api/import/aligned: an existing alignment (TMX, TSV, JSONL, Moses or InterText zip,
// or the three InterText XML files) becomes a reviewable document pair. The file is read and
// checked here (a bad one is a 400 at once); storing it is an `import` job (answered 202),
// since a large file would hold the database for minutes (lib/db/import-job.ts).
import { importRequestSchema } from "@/lib/db/import";
import { queueAlignedImport } from "@/lib/db/import-job";
import { publicJobView } from "@/lib/db/jobs";
import { requireProjectRole } from "@/lib/auth/session";
import { readAlignmentUpload } from "@/lib/formats";
import { MAX_UPLOAD_FILES, parseUploadForm, readFormBody } from "@/lib/import";
import { fail, json, route } from "@/app/api/route-kit";

const FORM_SPEC = {
  text: {
    projectId: { label: "projectId", maxChars: 20 },
    projectName: { label: "The project name", maxChars: 1000 },
    title: { label: "The title", maxChars: 1000 },
  },
  // One TMX/TSV/JSONL/zip file, or the three InterText XML files.
  files: { files: { label: "Alignment files", max: MAX_UPLOAD_FILES } },
};

export const runtime = "nodejs";

export const POST = route({ scope: "user" }, async ({ req, db, access: { user } }) => {
  // Signed-in users only, checked before the body is read; size limits, file count and field
  // types are checked before any file is read. A new project makes its creator its owner;
  // adding to an existing project needs the editor role there.
  const form = parseUploadForm(await readFormBody(req, { what: "the alignment files" }), FORM_SPEC);
  const parsed = importRequestSchema.safeParse({
    projectId: form.text.projectId,
    projectName: form.text.projectName,
    title: form.text.title ?? "",
    mode: "parallel",
  });
  if (!parsed.success) return fail(400, parsed.error.issues[0]?.message ?? "Invalid request");
  if (parsed.data.projectId !== undefined) await requireProjectRole(parsed.data.projectId, "editor", user);

  const files = await Promise.all(form.files.files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
  const corpus = readAlignmentUpload(files);
  const queued = await queueAlignedImport(db, parsed.data, files, corpus.pairs, user.id);
  // 202: the document pair is staged ("importing"); the job stores its pairs, then the checks run.
  return json(
    {
      jobId: queued.job.id,
      job: publicJobView(queued.job),
      projectId: queued.projectId,
      bitextId: queued.bitextId,
      pairs: queued.pairs,
      format: corpus.format,
      warnings: corpus.warnings.slice(0, 20),
    },
    202,
  );
});

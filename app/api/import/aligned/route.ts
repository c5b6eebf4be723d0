// POST /api/import/aligned: an existing alignment (TMX, TSV, JSONL, Moses or InterText zip,
// or the three InterText XML files) becomes a reviewable document pair.
import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { ImportConflictError, importRequestSchema } from "@/lib/db/import";
import { importAlignedCorpus } from "@/lib/db/import-aligned";
import { enqueueJob } from "@/lib/db/jobs";
import { errorResponse } from "@/app/api/pairs/shared";
import { requireProjectRole, requireUser, type SessionUser } from "@/lib/auth/session";
import { FormatError, readAlignmentUpload } from "@/lib/formats";
import { importErrorStatus, isImportError, MAX_UPLOAD_FILES, parseUploadForm, readFormBody } from "@/lib/import";

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

export async function POST(req: Request) {
  // Signed-in users only, checked before the body is read. A new project makes its creator
  // its owner; adding to an existing project needs the editor role there.
  let user: SessionUser;
  try {
    user = await requireUser();
  } catch (err) {
    return errorResponse(err);
  }
  let form;
  try {
    // Size limits, file count and field types are checked before any file is read.
    form = parseUploadForm(await readFormBody(req, { what: "the alignment files" }), FORM_SPEC);
  } catch (err) {
    if (isImportError(err)) return NextResponse.json({ error: err.message, code: err.code }, { status: importErrorStatus(err.code) });
    throw err;
  }
  const parsed = importRequestSchema.safeParse({
    projectId: form.text.projectId,
    projectName: form.text.projectName,
    title: form.text.title ?? "",
    mode: "parallel",
  });
  if (!parsed.success) return NextResponse.json({ error: parsed.error.issues[0]?.message ?? "Invalid request" }, { status: 400 });
  if (parsed.data.projectId !== undefined) {
    try {
      await requireProjectRole(parsed.data.projectId, "editor", user);
    } catch (err) {
      return errorResponse(err);
    }
  }

  const files = await Promise.all(form.files.files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
  let corpus;
  try {
    corpus = readAlignmentUpload(files);
  } catch (err) {
    if (err instanceof FormatError) {
      return NextResponse.json({ error: err.message, code: "format", file: err.file ?? null, line: err.line ?? null, column: err.column ?? null }, { status: 400 });
    }
    throw err;
  }
  const db = getDb();
  const actor = { id: user.id };
  try {
    const result = await importAlignedCorpus(db, parsed.data, corpus.pairs, files.map((f) => f.name).join(", "), actor.id);
    // The automatic checks run in the worker: a large file would not finish within a request.
    await enqueueJob(db, { type: "checks", bitextId: result.bitextId, createdById: actor.id });
    return NextResponse.json({ ...result, format: corpus.format, warnings: corpus.warnings.slice(0, 20) }, { status: 201 });
  } catch (err) {
    if (err instanceof ImportConflictError) return NextResponse.json({ error: err.message }, { status: 409 });
    throw err;
  }
}

// POST /api/import/aligned: an existing alignment (TMX, TSV, JSONL, Moses or InterText zip,
// or the three InterText XML files) becomes a reviewable document pair.
import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { ImportConflictError, importRequestSchema } from "@/lib/db/import";
import { importAlignedCorpus } from "@/lib/db/import-aligned";
import { enqueueJob } from "@/lib/db/jobs";
import { optionalActor } from "@/app/api/pairs/shared";
import { FormatError, readAlignmentUpload } from "@/lib/formats";
import { MAX_UPLOAD_BYTES, formatBytes } from "@/lib/import";

export const runtime = "nodejs";

export async function POST(req: Request) {
  const form = await req.formData().catch(() => null);
  if (!form) return NextResponse.json({ error: "Send the files as a form (multipart/form-data)" }, { status: 400 });
  const parsed = importRequestSchema.safeParse({
    projectId: form.get("projectId") || undefined,
    projectName: form.get("projectName") || undefined,
    title: form.get("title") ?? "",
    mode: "parallel",
  });
  if (!parsed.success) return NextResponse.json({ error: parsed.error.issues[0]?.message ?? "Invalid request" }, { status: 400 });

  const uploads = form.getAll("files").filter((f): f is File => f instanceof File && f.size > 0);
  const tooBig = uploads.find((f) => f.size > MAX_UPLOAD_BYTES);
  if (tooBig) {
    return NextResponse.json({ error: `${tooBig.name} is ${formatBytes(tooBig.size)}; the limit is ${formatBytes(MAX_UPLOAD_BYTES)} per file` }, { status: 413 });
  }
  const files = await Promise.all(uploads.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
  let corpus;
  try {
    corpus = readAlignmentUpload(files);
  } catch (err) {
    if (err instanceof FormatError) return NextResponse.json({ error: err.message }, { status: 400 });
    throw err;
  }
  const db = getDb();
  const actor = await optionalActor();
  try {
    const result = await importAlignedCorpus(db, parsed.data, corpus.pairs, files.map((f) => f.name).join(", "), actor?.id ?? null);
    // The automatic checks run in the worker: a large file would not finish within a request.
    await enqueueJob(db, { type: "checks", bitextId: result.bitextId, createdById: actor?.id ?? null });
    return NextResponse.json({ ...result, format: corpus.format, warnings: corpus.warnings.slice(0, 20) }, { status: 201 });
  } catch (err) {
    if (err instanceof ImportConflictError) return NextResponse.json({ error: err.message }, { status: 409 });
    throw err;
  }
}

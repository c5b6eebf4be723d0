import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { ConflictError, NotFoundError, requestAlignment } from "@/lib/db/alignment-jobs";
import { alignModeSchema } from "@/lib/db/vocabulary";
import { errorResponse } from "@/app/api/pairs/shared";
import { requireBitextRole } from "@/lib/auth/session";

const body = z.object({ mode: alignModeSchema.default("auto") });

export async function POST(req: Request, { params }: { params: Promise<{ bitextId: string }> }) {
  const bitextId = Number((await params).bitextId);
  if (!Number.isSafeInteger(bitextId) || bitextId <= 0) return NextResponse.json({ error: "bad document pair id" }, { status: 400 });
  let actorId: number;
  try {
    actorId = (await requireBitextRole(bitextId, "editor")).user.id;
  } catch (err) {
    return errorResponse(err);
  }
  // No body means the defaults; a body that is not JSON is an error, not the defaults.
  const text = await req.text();
  let raw: unknown = {};
  try {
    if (text.trim()) raw = JSON.parse(text);
  } catch {
    return NextResponse.json({ error: 'Send the options as JSON, e.g. {"mode":"parallel"}' }, { status: 400 });
  }
  const parsed = body.safeParse(raw);
  if (!parsed.success) return NextResponse.json({ error: "mode must be auto, parallel or comparable" }, { status: 400 });
  try {
    const job = await requestAlignment(getDb(), bitextId, parsed.data.mode, actorId);
    return NextResponse.json({ jobId: job.id }, { status: 202 });
  } catch (err) {
    if (err instanceof NotFoundError) return NextResponse.json({ error: err.message }, { status: 404 });
    if (err instanceof ConflictError) return NextResponse.json({ error: err.message }, { status: 409 });
    throw err;
  }
}

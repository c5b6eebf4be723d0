import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { ConflictError, NotFoundError, requestAlignment } from "@/lib/db/alignment-jobs";
import { alignModeSchema } from "@/lib/db/vocabulary";

const body = z.object({ mode: alignModeSchema.default("auto") });

export async function POST(req: Request, { params }: { params: Promise<{ bitextId: string }> }) {
  const bitextId = Number((await params).bitextId);
  if (!Number.isInteger(bitextId)) return NextResponse.json({ error: "bad document pair id" }, { status: 400 });
  const parsed = body.safeParse(await req.json().catch(() => ({})));
  if (!parsed.success) return NextResponse.json({ error: "mode must be auto, parallel or comparable" }, { status: 400 });
  try {
    const job = await requestAlignment(getDb(), bitextId, parsed.data.mode);
    return NextResponse.json({ jobId: job.id }, { status: 202 });
  } catch (err) {
    if (err instanceof NotFoundError) return NextResponse.json({ error: err.message }, { status: 404 });
    if (err instanceof ConflictError) return NextResponse.json({ error: err.message }, { status: 409 });
    throw err;
  }
}

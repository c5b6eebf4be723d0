import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { getJob } from "@/lib/db/jobs";

export async function GET(_req: Request, { params }: { params: Promise<{ jobId: string }> }) {
  const jobId = Number((await params).jobId);
  const job = Number.isInteger(jobId) ? await getJob(getDb(), jobId) : null;
  if (!job) return NextResponse.json({ error: "no such job" }, { status: 404 });
  return NextResponse.json({
    id: job.id,
    type: job.type,
    status: job.status,
    progress: job.progress,
    stage: job.stage,
    error: job.error,
    result: job.result,
  });
}

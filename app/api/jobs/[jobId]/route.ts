// GET /api/jobs/:id — a job's status, progress, error and attempts (polled by the UI).
// DELETE /api/jobs/:id — cancels it (same as POST /api/jobs/:id/cancel).
import { getDb } from "@/lib/db/client";
import { getJob } from "@/lib/db/jobs";
import { errorResponse, fail, idParam, json } from "@/app/api/pairs/shared";
import { requireJobRole } from "@/lib/auth/session";
import { cancelResponse, publicView } from "../shared";

export async function GET(_req: Request, { params }: { params: Promise<{ jobId: string }> }) {
  const jobId = idParam((await params).jobId);
  if (!jobId) return fail(404, "No such job");
  try {
    await requireJobRole(jobId, "viewer");
  } catch (err) {
    return errorResponse(err);
  }
  const job = await getJob(getDb(), jobId);
  if (!job) return fail(404, "No such job");
  return json(publicView(job));
}

export async function DELETE(_req: Request, { params }: { params: Promise<{ jobId: string }> }) {
  return cancelResponse((await params).jobId);
}

// POST /api/jobs/:id/retry — runs a failed or cancelled job again, as a new job (202 with it).
import { getDb } from "@/lib/db/client";
import { JobStateError, retryJob } from "@/lib/db/jobs";
import { errorResponse, fail, idParam, json } from "@/app/api/pairs/shared";
import { requireJobRole } from "@/lib/auth/session";
import { publicView } from "../../shared";

export async function POST(_req: Request, { params }: { params: Promise<{ jobId: string }> }) {
  const jobId = idParam((await params).jobId);
  if (!jobId) return fail(404, "No such job");
  let userId: number;
  try {
    userId = (await requireJobRole(jobId, "editor")).user.id;
  } catch (err) {
    return errorResponse(err);
  }
  try {
    return json(publicView(await retryJob(getDb(), jobId, userId)), 202);
  } catch (err) {
    if (err instanceof JobStateError) return fail(409, err.message);
    throw err;
  }
}

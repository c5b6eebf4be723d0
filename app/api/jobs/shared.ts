// Shared by the job route handlers: the public view of a job and cancelling one.
import { getDb } from "@/lib/db/client";
import { cancelJob, getJob, jobView } from "@/lib/db/jobs";
import { errorResponse, fail, idParam, json } from "@/app/api/pairs/shared";
import { requireJobRole } from "@/lib/auth/session";

/** The job without an inline export body (that is served by …/download). */
export function publicView(job: NonNullable<Awaited<ReturnType<typeof getJob>>>) {
  const view = jobView(job);
  if (view.result && typeof view.result === "object" && "inline" in view.result) {
    const { inline: _body, ...rest } = view.result as Record<string, unknown>;
    return { ...view, result: rest };
  }
  return view;
}

/** Editors of the job's project may cancel it. */
export async function cancelResponse(rawId: string) {
  const jobId = idParam(rawId);
  if (!jobId) return fail(404, "No such job");
  try {
    await requireJobRole(jobId, "editor");
  } catch (err) {
    return errorResponse(err);
  }
  const db = getDb();
  const job = await getJob(db, jobId);
  if (!job) return fail(404, "No such job");
  if (!(await cancelJob(db, job.id))) return fail(409, `Job ${job.id} is ${job.status} already: nothing to cancel`);
  return json(publicView((await getJob(db, job.id))!));
}

// GET /api/jobs/:id — a job's status, progress, error and attempts (polled by the UI).
// DELETE /api/jobs/:id — cancels it (also POST /api/jobs/:id/cancel): a queued job never
// starts; a running one is stopped by its worker (within about a second).
import { cancelJob, getJob, publicJobView } from "@/lib/db/jobs";
import { discardUnstartedImport } from "@/lib/db/import-job";
import { fail, route } from "@/app/api/route-kit";

export const GET = route({ scope: "job", role: "viewer" }, async ({ db, id }) => {
  const job = await getJob(db, id);
  return job ? publicJobView(job) : fail(404, "No such job");
});

/** Editors of the job's project may cancel it. */
export const DELETE = route({ scope: "job", role: "editor" }, async ({ db, id }) => {
  const job = await getJob(db, id);
  if (!job) return fail(404, "No such job");
  if (!(await cancelJob(db, job.id))) return fail(409, `Job ${job.id} is ${job.status} already: nothing to cancel`);
  // a queued import is discarded now; a running one by its worker
  if (job.type === "import") await discardUnstartedImport(db, job.id);
  return publicJobView((await getJob(db, job.id))!);
});

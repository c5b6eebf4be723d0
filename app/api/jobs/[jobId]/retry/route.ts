// POST /api/jobs/:id/retry — runs a failed or cancelled job again, as a new job (202 with it).
import { publicJobView, retryJob } from "@/lib/db/jobs";
import { json, route } from "@/app/api/route-kit";

export const POST = route({ scope: "job", role: "editor" }, async ({ db, id, access }) => json(publicJobView(await retryJob(db, id, access.user.id)), 202));

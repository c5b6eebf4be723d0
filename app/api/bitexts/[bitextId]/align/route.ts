// Starts (re-)aligning a document pair as a background job, in the mode asked for
// ({"mode": "auto" | "parallel" | "comparable"}; no body means the defaults). 202 with the job.
import { z } from "zod";
import { requestAlignment } from "@/lib/db/alignment-jobs";
import { ValidationError } from "@/lib/db/review";
import { alignModeSchema } from "@/lib/db/vocabulary";
import { json, route } from "@/app/api/route-kit";

const alignBodySchema = z.object({ mode: alignModeSchema.default("auto") });

export const POST = route(
  { scope: "bitext", role: "editor", body: alignBodySchema, readBody: optionalJson, invalid: "mode must be auto, parallel or comparable" },
  async ({ db, id, access, body }) => json({ jobId: (await requestAlignment(db, id, body.mode, access.user.id)).id }, 202),
);

/** No body means the defaults; a body that is not JSON is an error, not the defaults. */
async function optionalJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('Send the options as JSON, e.g. {"mode":"parallel"}');
  }
}

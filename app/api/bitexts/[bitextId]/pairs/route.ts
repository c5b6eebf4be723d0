// The review page's index: pair ids matching a filter (in the asked order), every pair id in
// reading order, and the summary with the score histogram. Rows come from ./rows by id.
import { getDb } from "@/lib/db/client";
import { getPairIndex, getReviewHeader, pairFilterSchema } from "@/lib/db/review/view";
import { errorResponse, fail, idParam, json, zodMessage } from "@/app/api/pairs/shared";
import { requireBitextRole } from "@/lib/auth/session";

export async function GET(req: Request, { params }: { params: Promise<{ bitextId: string }> }) {
  const bitextId = idParam((await params).bitextId);
  if (!bitextId) return fail(400, "Bad document pair id");
  try {
    await requireBitextRole(bitextId, "viewer");
  } catch (err) {
    return errorResponse(err);
  }
  const url = new URL(req.url);
  const parsed = pairFilterSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return fail(400, `Bad filter: ${zodMessage(parsed.error)}`);
  try {
    const db = getDb();
    if (!(await getReviewHeader(db, bitextId))) return fail(404, `Document pair ${bitextId} does not exist`);
    return json(await getPairIndex(db, bitextId, parsed.data));
  } catch (err) {
    return errorResponse(err);
  }
}

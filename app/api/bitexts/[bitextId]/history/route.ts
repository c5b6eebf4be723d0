// Recent review activity in one document pair (who, what, when).
import { getDb } from "@/lib/db/client";
import { getBitextActivity } from "@/lib/db/review/view";
import { errorResponse, fail, idParam, json } from "@/app/api/pairs/shared";
import { requireBitextRole } from "@/lib/auth/session";

export async function GET(_req: Request, { params }: { params: Promise<{ bitextId: string }> }) {
  const bitextId = idParam((await params).bitextId);
  if (!bitextId) return fail(400, "Bad document pair id");
  try {
    await requireBitextRole(bitextId, "viewer");
    return json({ entries: await getBitextActivity(getDb(), bitextId, 100) });
  } catch (err) {
    return errorResponse(err);
  }
}

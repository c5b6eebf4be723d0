// Undoes the current editor's latest review change in this document pair.
import { getDb } from "@/lib/db/client";
import { undoLast } from "@/lib/db/review";
import { currentActor, errorResponse, fail, idParam, json } from "@/app/api/pairs/shared";

export async function POST(_req: Request, { params }: { params: Promise<{ bitextId: string }> }) {
  const bitextId = idParam((await params).bitextId);
  if (!bitextId) return fail(400, "Bad document pair id");
  try {
    const actor = await currentActor();
    const undone = await undoLast(getDb(), actor, { bitextId });
    return json({ undone });
  } catch (err) {
    return errorResponse(err);
  }
}

// Full rows (sentences, corrections, flags, score parts) for up to 300 pair ids.
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { getPairRows } from "@/lib/db/review/view";
import { errorResponse, fail, idParam, json } from "@/app/api/pairs/shared";
import { requireBitextRole } from "@/lib/auth/session";

const idsSchema = z
  .string()
  .regex(/^\d+(,\d+)*$/, "ids must be comma-separated pair ids")
  .transform((s) => s.split(",").map(Number))
  .refine((ids) => ids.length <= 300, "at most 300 ids per request");

export async function GET(req: Request, { params }: { params: Promise<{ bitextId: string }> }) {
  const bitextId = idParam((await params).bitextId);
  if (!bitextId) return fail(400, "Bad document pair id");
  try {
    await requireBitextRole(bitextId, "viewer");
  } catch (err) {
    return errorResponse(err);
  }
  const parsed = idsSchema.safeParse(new URL(req.url).searchParams.get("ids") ?? "");
  if (!parsed.success) return fail(400, parsed.error.issues[0]?.message ?? "bad ids");
  try {
    return json({ rows: await getPairRows(getDb(), bitextId, parsed.data) });
  } catch (err) {
    return errorResponse(err);
  }
}

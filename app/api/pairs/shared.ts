// Shared by the route handlers: the signed-in user as the service layer's actor, the mapping
// of typed errors (auth, not found, validation, conflicts) to HTTP statuses with clear
// messages, and re-running the automatic checks after a change.
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { getDb, isDatabaseBusy } from "@/lib/db/client";
import { runBitextChecks } from "@/lib/db/checks";
import { NotFoundError, ValidationError, VersionConflictError, type Actor } from "@/lib/db/review";
import type { ConflictInfo } from "@/lib/review/schema";
import { AuthRequiredError, ForbiddenError, type SessionUser } from "@/lib/auth/session";

/** The service layer's actor for the signed-in user: every stored change records it. */
export function actorOf(user: SessionUser): Actor & { name: string } {
  return { id: user.id, name: user.name };
}

export function json(data: unknown, status = 200) {
  return NextResponse.json(data, { status, headers: { "cache-control": "no-store" } });
}

export function fail(status: number, error: string, extra: Record<string, unknown> = {}) {
  return json({ error, ...extra }, status);
}

/** A positive integer from a route parameter, else null. */
export function idParam(raw: string): number | null {
  const n = Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

export function zodMessage(err: ZodError): string {
  return err.issues.map((i) => `${i.path.length ? i.path.join(".") + ": " : ""}${i.message}`).join("; ");
}

/** Maps typed errors from lib/db to responses; anything else is rethrown (500). */
export function errorResponse(err: unknown) {
  if (err instanceof VersionConflictError) {
    return fail(409, err.message, {
      conflict: {
        entity: err.entity,
        changedBy: err.changedBy?.name ?? null,
        changedAt: err.changedAt ? err.changedAt.toISOString() : null,
        ...(err.sentences.length ? { sentences: err.sentences } : {}),
      } satisfies ConflictInfo,
    });
  }
  if (err instanceof NotFoundError) return fail(404, err.message);
  if (err instanceof ValidationError) return fail(400, err.message);
  if (err instanceof AuthRequiredError) return fail(401, err.message, { code: "signed-out" });
  if (err instanceof ForbiddenError) return fail(403, err.message, { code: "forbidden", role: err.role });
  if (err instanceof ZodError) return fail(400, zodMessage(err));
  if (isDatabaseBusy(err)) {
    console.error("database busy:", (err as Error).message);
    const res = fail(503, "The server is too busy to answer right now; nothing was changed. Try again in a moment.");
    res.headers.set("retry-after", "2");
    return res;
  }
  throw err;
}

/** The change is stored: a failing check run is reported, never turned into a failed edit. */
export async function recheck(bitextId: number, pairIds?: number[]) {
  try {
    return { ...(await runBitextChecks(getDb(), bitextId, pairIds ? { pairIds } : {})), error: null };
  } catch (err) {
    console.error(`automatic checks after an edit failed (bitext ${bitextId}):`, err);
    return { created: 0, removed: 0, error: "The automatic checks could not be re-run for this change" };
  }
}

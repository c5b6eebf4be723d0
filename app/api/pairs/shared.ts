// Shared by the review route handlers: the editor (from the name cookie) and the mapping
// of service errors to HTTP statuses with clear messages, and re-running the automatic checks
// after a change.
import { cookies } from "next/headers";
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { getDb } from "@/lib/db/client";
import { runBitextChecks } from "@/lib/db/checks";
import { NotFoundError, ValidationError, VersionConflictError, type Actor } from "@/lib/db/review";
import { getOrCreateEditor } from "@/lib/db/users";

export const EDITOR_COOKIE = "parallax_editor";

export class NoEditorError extends Error {
  override name = "NoEditorError";
}

/** The current editor as a service-layer actor; throws NoEditorError when no name was given. */
export async function currentActor(): Promise<Actor & { name: string }> {
  const raw = (await cookies()).get(EDITOR_COOKIE)?.value;
  let name = "";
  try {
    name = raw ? decodeURIComponent(raw) : "";
  } catch {
    name = "";
  }
  if (!name.trim()) throw new NoEditorError("Enter your name first: every change is recorded with its editor");
  const user = await getOrCreateEditor(getDb(), name);
  return { id: user.id, name: user.name };
}

/** The current editor when one has given a name, else null (imports may be anonymous). */
export async function optionalActor(): Promise<(Actor & { name: string }) | null> {
  try {
    return await currentActor();
  } catch {
    return null;
  }
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
      },
    });
  }
  if (err instanceof NotFoundError) return fail(404, err.message);
  if (err instanceof ValidationError) return fail(400, err.message);
  if (err instanceof NoEditorError) return fail(401, err.message, { code: "no-editor" });
  if (err instanceof ZodError) return fail(400, zodMessage(err));
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

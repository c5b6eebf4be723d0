// The one wrapper for server actions (the forms of the members and administration pages).
// A server action is a public POST endpoint: its arguments, bound ids included, are whatever
// the caller sends. So every action declares a zod schema for its arguments, and this runs it
// before anything else; refusals (bad arguments, signed out, no right, a rule of the domain)
// come back as the form's `error` message, never as a 500. Anything else is rethrown.
import { z } from "zod";
import { AuthRequiredError, ForbiddenError } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/db/review";
import { MemberError } from "@/lib/db/members";
import { InvitationError } from "@/lib/db/invitations";
import { AdminChangeError } from "@/lib/db/users";
import { idSchema } from "@/lib/review/schema";

/** The state a form action answers with: a refusal's message, or null. */
export interface ActionState {
  error: string | null;
}

/** A database id as a bound argument: a positive whole number, nothing else. */
export const actionId = idSchema;
/** The FormData a form posts (a caller may send anything in its place). */
export const actionForm = z.instanceof(FormData, { message: "Send the form's fields" });

class ActionInputError extends Error {
  override name = "ActionInputError";
}

const REFUSALS = [ActionInputError, AuthRequiredError, ForbiddenError, NotFoundError, MemberError, InvitationError, AdminChangeError];

/** The message of a refusal the user can act on, or null for a fault (rethrown: a 500). */
function refusalMessage(err: unknown): string | null {
  return REFUSALS.some((E) => err instanceof E) ? (err as Error).message : null;
}

/**
 * Runs a form action: validates `args` with `schema`, then `body` with the parsed arguments.
 * `refused` turns a refusal's message into the action's state.
 */
export async function runAction<A, S>(
  schema: z.ZodType<A>,
  args: unknown,
  refused: (message: string) => S,
  body: (args: A) => Promise<S>,
): Promise<S> {
  try {
    const parsed = schema.safeParse(args);
    if (!parsed.success) throw new ActionInputError(`This request is not valid: ${parsed.error.issues[0]?.message ?? "bad arguments"}`);
    return await body(parsed.data);
  } catch (err) {
    const message = refusalMessage(err);
    if (message !== null) return refused(message);
    throw err;
  }
}

// Maps glossary service errors to responses (a bad TSV answers its line-numbered problems).
import { GlossaryError, GlossaryNotFoundError } from "@/lib/db/glossary";
import { fail } from "@/app/api/pairs/shared";

export function glossaryError(err: unknown) {
  if (err instanceof GlossaryError) return fail(400, err.message, { problems: err.problems });
  if (err instanceof GlossaryNotFoundError) return fail(404, err.message);
  throw err;
}

// Find-and-replace, step 1: every sentence the replacement would change, with a diff.
import { previewReplace } from "@/lib/db/review/replace";
import { replacePreviewSchema } from "@/lib/review/schema";
import { route } from "@/app/api/route-kit";

export const POST = route({ scope: "bitext", role: "editor", body: replacePreviewSchema }, ({ db, id, body }) => previewReplace(db, id, body));

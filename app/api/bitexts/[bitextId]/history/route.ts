// Recent review activity in one document pair (who, what, when).
import { getBitextActivity } from "@/lib/db/review/view";
import { route } from "@/app/api/route-kit";

export const GET = route({ scope: "bitext", role: "viewer" }, async ({ db, id }) => ({ entries: await getBitextActivity(db, id, 100) }));

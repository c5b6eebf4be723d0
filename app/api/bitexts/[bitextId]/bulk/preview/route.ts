// Preview of a bulk action over the pairs matching the review page's filter: how many it would
// change, the first of them, and the version of each (send those back to apply it).
import { bulkPreviewSchema, previewBulk } from "@/lib/db/review/bulk";
import { route } from "@/app/api/route-kit";

export const POST = route({ scope: "bitext", role: "editor", body: bulkPreviewSchema }, ({ db, id, body }) => previewBulk(db, id, body));

// Live review: a browser tab says which pair it has open and whether it is editing it
// (heartbeat about every 10 s; `leaving` when the tab closes).
import { touchPresence } from "@/lib/db/review/live";
import { presenceBodySchema } from "@/lib/review/schema";
import { route } from "@/app/api/route-kit";

export const POST = route({ scope: "bitext", role: "viewer", body: presenceBodySchema }, async ({ db, id, access, body }) => {
  await touchPresence(db, access.user.id, id, body);
  return { ok: true };
});

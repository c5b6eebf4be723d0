// Full rows (sentences, corrections, flags, score parts) for up to 300 pair ids.
import { z } from "zod";
import { getPairRows } from "@/lib/db/review/view";
import { route } from "@/app/api/route-kit";
import { MAX_ID } from "@/lib/review/schema";

const rowsQuery = z.object({
  ids: z
    .string()
    .regex(/^\d+(,\d+)*$/, "ids must be comma-separated pair ids")
    .transform((s) => s.split(",").map(Number))
    .refine((ids) => ids.length <= 300, "at most 300 ids per request")
    .refine((ids) => ids.every((n) => n <= MAX_ID), "ids must be comma-separated pair ids")
    .prefault(""),
});

export const GET = route(
  { scope: "bitext", role: "viewer", query: rowsQuery, invalid: (err) => err.issues[0]?.message ?? "bad ids" },
  async ({ db, id, query }) => ({ rows: await getPairRows(db, id, query.ids) }),
);

// The review page's index: pair ids matching a filter (in the asked order), every pair id in
// reading order, and the summary with the score histogram. Rows come from ./rows by id.
import { getPairIndex, getReviewHeader, pairFilterSchema } from "@/lib/db/review/view";
import { fail, route, zodMessage } from "@/app/api/route-kit";

export const GET = route(
  { scope: "bitext", role: "viewer", query: pairFilterSchema, invalid: (err) => `Bad filter: ${zodMessage(err)}` },
  async ({ db, id, query }) => {
    if (!(await getReviewHeader(db, id))) return fail(404, `Document pair ${id} does not exist`);
    return getPairIndex(db, id, query);
  },
);

// The index's automatic-findings filter on the demo: "any" (an open finding) and "none" (no open
// finding) split the pairs in two, so a bulk confirm can take exactly the pairs without findings.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoProject } from "../../../seeds/load-demo";
import { tempDatabase, type TempDatabase } from "../../../tests/db/test-db";
import { getPairIndex, pairFilterSchema } from "./view";

describe("the check filter", () => {
  let t: TempDatabase;
  let bitextId = 0;
  beforeAll(async () => {
    t = tempDatabase("check-filter");
    const { projectId } = await loadDemoProject(t.db);
    bitextId = (await t.db.bitext.findFirstOrThrow({ where: { projectId } })).id;
  });
  afterAll(async () => {
    await t.close();
  });

  it("'any' and 'none' are complements over the demo's pairs", async () => {
    const ids = async (check?: string) => (await getPairIndex(t.db, bitextId, pairFilterSchema.parse(check ? { check } : {}))).ids;
    const [all, any, none] = [await ids(), await ids("any"), await ids("none")];
    expect(any.length).toBeGreaterThan(0);
    expect(none.length).toBeGreaterThan(0);
    expect(new Set([...any, ...none])).toEqual(new Set(all));
    expect(any.filter((id) => none.includes(id))).toEqual([]);
    const open = await t.db.flag.findMany({ where: { source: "check", resolved: false, pair: { bitextId } }, select: { pairId: true } });
    expect(new Set(any)).toEqual(new Set(open.map((f) => f.pairId)));
  });
});

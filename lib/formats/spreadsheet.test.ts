import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromSpreadsheetCell, spreadsheetCell } from "./spreadsheet";

describe("spreadsheet-safe cells", () => {
  it("marks every text a spreadsheet would run as a formula", () => {
    for (const t of ["=HYPERLINK(\"http://evil.example\",\"x\")", "@SUM(A1:A9)", "+1+2", "-2+3", "\t=1", "\r=1", "＝1+1", "'=1"]) {
      expect(spreadsheetCell(t).startsWith("'"), t).toBe(true);
    }
    for (const t of ["Hongqi Town", "红旗小镇", "a=b", "", "5", "' quoted"]) expect(spreadsheetCell(t)).toBe(t);
  });

  it("reads back exactly what it wrote, for any text", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme-composite" }), (t) => fromSpreadsheetCell(spreadsheetCell(t)) === t), { numRuns: 2000 });
    fc.assert(fc.property(fc.constantFrom("'", "=", "+", "-", "@", "a").chain((c) => fc.array(fc.constantFrom("'", "=", "@", "x"), { maxLength: 5 }).map((a) => c + a.join(""))), (t) => fromSpreadsheetCell(spreadsheetCell(t)) === t));
  });
});

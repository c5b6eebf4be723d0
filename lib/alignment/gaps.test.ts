import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { align } from "./index";
import { readAlign } from "./format";

const SHARED = path.resolve(__dirname, "../../../shared");
const lines = (f: string) => fs.readFileSync(f, "utf8").replace(/\n$/, "").split("\n");

describe("gaps in parallel mode", () => {
  // Formerly a known failure: the fitted coverage features (cz·n, ce·n) reward adding an
  // unexplained sentence to a bead, so the search merges [31]:[30,31]; the gap post-pass
  // (splitGaps, GAP_PASS) splits the long, evidence-free sentence back out.
  it("leaves an inserted English sentence without counterpart as its own []:[k] bead", () => {
    const d = path.join(SHARED, "corpora/aca");
    const zhAll = lines(path.join(d, "001.zh"));
    const enAll = lines(path.join(d, "001.en"));
    const gold = readAlign(fs.readFileSync(path.join(d, "001.align"), "utf8"));
    // a clean slice: gold beads 100..159 (contiguous sentences)
    const slice = gold.slice(100, 160);
    const z0 = Math.min(...slice.flatMap((b) => b.zh));
    const z1 = Math.max(...slice.flatMap((b) => b.zh)) + 1;
    const e0 = Math.min(...slice.flatMap((b) => b.en));
    const e1 = Math.max(...slice.flatMap((b) => b.en)) + 1;
    const zh = zhAll.slice(z0, z1);
    const en = enAll.slice(e0, e1);
    const k = slice[30].en[0] - e0; // insert before the English side of bead 30
    en.splice(k, 0, "My grandmother kept chickens in the yard and sold their eggs at the Sunday market in town.");
    const res = align(zh.map((text) => ({ text })), en.map((text) => ({ text })), { mode: "parallel" });
    const bead = res.beads.find((b) => b.en.includes(k))!;
    expect(bead).toMatchObject({ zh: [], en: [k], score: null });
  });
});

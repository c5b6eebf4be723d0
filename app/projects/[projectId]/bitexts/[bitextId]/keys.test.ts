import { describe, expect, it } from "vitest";
import { KEY_TABLE, bindingFor, duplicateKeys, keyHint } from "./keys";

describe("the review key table", () => {
  it("binds every key once", () => {
    expect(duplicateKeys()).toEqual([]);
    expect(duplicateKeys([...KEY_TABLE, { action: "x", keys: ["c"], label: "c", description: "", group: "Page" }])).toEqual(["c"]);
  });
  it("c confirms and moves on, Shift+C confirms and stays, n / ] move to the next unreviewed pair / finding", () => {
    expect(bindingFor({ key: "c" })?.action).toBe("confirmNext");
    expect(bindingFor({ key: "C" })?.action).toBe("confirm");
    expect(bindingFor({ key: "n" })?.action).toBe("nextUnreviewed");
    expect(bindingFor({ key: "N" })?.action).toBe("prevUnreviewed");
    expect(bindingFor({ key: "]" })?.action).toBe("nextFinding");
    expect(bindingFor({ key: "g" })?.action).toBe("goto");
    expect(bindingFor({ key: "ArrowDown" })?.action).toBe("next");
  });
  it("never fires with Ctrl, Meta or Alt", () => {
    expect(bindingFor({ key: "c", ctrlKey: true })).toBeUndefined();
    expect(bindingFor({ key: "c", metaKey: true })).toBeUndefined();
    expect(bindingFor({ key: "z" })).toBeUndefined();
  });
  it("gives the buttons their hints", () => {
    expect(keyHint("confirmNext")).toBe("c");
    expect(keyHint("confirm")).toBe("Shift+C");
    expect(keyHint("nothing")).toBe("");
  });
});

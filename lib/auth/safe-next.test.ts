import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

describe("safeNext: the path to return to after signing in", () => {
  it("keeps paths of this site, with their query and fragment", () => {
    expect(safeNext("/projects/3")).toBe("/projects/3");
    expect(safeNext("/projects/3/bitexts/4?pair=17#x")).toBe("/projects/3/bitexts/4?pair=17#x");
    expect(safeNext("/search?q=%E7%BA%A2%E6%97%97")).toBe("/search?q=%E7%BA%A2%E6%97%97");
  });

  it("never leads to another host, however the path is disguised", () => {
    const hostile = [
      "//evil.example",
      "/\t/evil.example", // browsers drop the tab: //evil.example
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/\\evil.example",
      "/\\/evil.example",
      "\\\\evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
    ];
    for (const raw of hostile) expect(safeNext(raw), JSON.stringify(raw)).toBe("/");
  });

  it("an encoded tab stays an encoded path segment on this site", () => {
    const out = safeNext("/%09/evil.example");
    expect(new URL(out, "http://app.test").host).toBe("app.test");
  });

  it("falls back for nothing, relative or non-path values", () => {
    for (const raw of [undefined, null, "", "projects", "?x=1", "#top"]) expect(safeNext(raw)).toBe("/");
    expect(safeNext("", "/projects")).toBe("/projects");
  });
});

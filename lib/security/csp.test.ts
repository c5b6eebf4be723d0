import { describe, expect, it } from "vitest";
import { buildCsp, generateNonce, isHttpsRequest, securityHeaders } from "./csp";

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(";").map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values] as [string, string[]];
    }),
  );
}

describe("CSP", () => {
  it("nonces are fresh, 128-bit and base64", () => {
    const a = generateNonce();
    const b = generateNonce();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(Buffer.from(a, "base64")).toHaveLength(16);
  });

  it("production policy: nonce + strict-dynamic scripts, no inline or eval, locked-down sources", () => {
    const d = directives(buildCsp({ nonce: "abc123==" }));
    expect(d.get("script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(d.get("style-src")).toEqual(["'self'", "'nonce-abc123=='"]);
    expect(d.get("style-src-attr")).toEqual(["'unsafe-inline'"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("base-uri")).toEqual(["'self'"]);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("form-action")).toEqual(["'self'"]);
    expect(d.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect(d.get("connect-src")).toEqual(["'self'"]);
    expect(d.get("default-src")).toEqual(["'self'"]);
    expect(d.has("upgrade-insecure-requests")).toBe(false);
    const all = [...d.values()].flat();
    expect(all.filter((v) => v === "'unsafe-inline'")).toHaveLength(1); // style attributes only
    expect(all).not.toContain("'unsafe-eval'");
  });

  it("dev allows eval and inline styles; https upgrades sub-resources", () => {
    const dev = directives(buildCsp({ nonce: "n0nce", dev: true }));
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(dev.get("style-src")).toContain("'unsafe-inline'");
    expect(directives(buildCsp({ nonce: "n0nce", https: true })).has("upgrade-insecure-requests")).toBe(true);
  });

  it("refuses a nonce that could inject directives", () => {
    expect(() => buildCsp({ nonce: "x'; script-src *" })).toThrow(/base64/);
    expect(() => buildCsp({ nonce: "" })).toThrow(/base64/);
  });

  it("security headers; HSTS only over https", () => {
    const h = securityHeaders();
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["X-Frame-Options"]).toBe("DENY");
    expect(h["Referrer-Policy"]).toBe("same-origin");
    expect(h["Cross-Origin-Opener-Policy"]).toBe("same-origin");
    expect(h["Permissions-Policy"]).toMatch(/camera=\(\)/);
    expect(h["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders({ https: true })["Strict-Transport-Security"]).toMatch(/^max-age=\d+/);
  });

  it("detects https directly or through a reverse proxy", () => {
    expect(isHttpsRequest("https://a.example/x", null)).toBe(true);
    expect(isHttpsRequest("http://127.0.0.1:3000/", null)).toBe(false);
    expect(isHttpsRequest("http://127.0.0.1:3000/", "https")).toBe(true);
    expect(isHttpsRequest("http://127.0.0.1:3000/", "https, http")).toBe(true);
    expect(isHttpsRequest("https://a.example/", "http")).toBe(false);
  });
});

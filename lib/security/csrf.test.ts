import { describe, expect, it } from "vitest";
import { checkCsrf, trustedOriginsFromEnv, type CsrfRequest } from "./csrf";

const base: CsrfRequest = { method: "POST", host: "127.0.0.1:3000", origin: null, referer: null, secFetchSite: null };
const check = (o: Partial<CsrfRequest>) => checkCsrf({ ...base, ...o });

describe("CSRF check", () => {
  it("safe methods always pass, whatever their origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect(check({ method, origin: "http://evil.example", secFetchSite: "cross-site" }).ok).toBe(true);
    }
  });

  it("same-origin browser requests pass (Origin, or Referer without Origin)", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "post"]) {
      expect(check({ method, origin: "http://127.0.0.1:3000", secFetchSite: "same-origin" }).ok).toBe(true);
    }
    expect(check({ referer: "http://127.0.0.1:3000/projects/1" }).ok).toBe(true);
    expect(check({ scheme: "https", host: "parallax.example", origin: "https://parallax.example" }).ok).toBe(true);
    expect(check({ scheme: "https", host: "parallax.example:443", origin: "https://parallax.example" }).ok).toBe(true);
    expect(check({ scheme: "https", host: "Parallax.Example", origin: "https://parallax.example" }).ok).toBe(true);
    expect(check({ host: "parallax.example:80", origin: "http://parallax.example" }).ok).toBe(true);
  });

  it("scheme and port count, not only the host: an https origin on the http app is another origin", () => {
    expect(check({ host: "parallax.example", origin: "https://parallax.example" }).ok).toBe(false);
    expect(check({ scheme: "https", host: "parallax.example", origin: "http://parallax.example" }).ok).toBe(false);
    expect(check({ host: "parallax.example", referer: "https://parallax.example/projects" }).ok).toBe(false);
    expect(check({ scheme: "https", host: "parallax.example", origin: "https://parallax.example:8443" }).ok).toBe(false);
  });

  it("a cross-origin Origin is refused, naming it", () => {
    const d = check({ origin: "http://evil.example" });
    expect(d).toEqual({ ok: false, reason: expect.stringMatching(/cross-site.*http:\/\/evil\.example.*127\.0\.0\.1:3000/) });
    // another port on the same host is another origin
    expect(check({ origin: "http://127.0.0.1:4000" }).ok).toBe(false);
    // a look-alike host
    expect(check({ origin: "http://127.0.0.1:3000.evil.example" }).ok).toBe(false);
    expect(check({ origin: "null" })).toEqual({ ok: false, reason: expect.stringMatching(/opaque origin/) });
    expect(check({ origin: "not a url" }).ok).toBe(false);
  });

  it("Origin wins over a same-site Referer", () => {
    expect(check({ origin: "http://evil.example", referer: "http://127.0.0.1:3000/" }).ok).toBe(false);
  });

  it("without Origin, a foreign or unreadable Referer is refused", () => {
    expect(check({ referer: "http://evil.example/page" })).toEqual({ ok: false, reason: expect.stringMatching(/evil\.example/) });
    expect(check({ referer: "garbage" }).ok).toBe(false);
    expect(check({ referer: "file:///tmp/x.html" }).ok).toBe(false);
  });

  it("Sec-Fetch-Site: cross-site is refused even with a matching Origin", () => {
    expect(check({ origin: "http://127.0.0.1:3000", secFetchSite: "cross-site" }).ok).toBe(false);
    expect(check({ secFetchSite: "cross-site" }).ok).toBe(false);
    expect(check({ origin: "http://127.0.0.1:3000", secFetchSite: "same-origin" }).ok).toBe(true);
    expect(check({ secFetchSite: "none" }).ok).toBe(true);
  });

  it("non-browser clients (no Origin, no Referer, no Sec-Fetch-Site) pass", () => {
    expect(check({}).ok).toBe(true);
    expect(check({ origin: "", referer: "" }).ok).toBe(true);
  });

  it("behind a trusted reverse proxy: X-Forwarded-Host/-Proto and configured public URLs count as this site", () => {
    expect(check({ host: "127.0.0.1:3000", origin: "https://parallax.example" }).ok).toBe(false);
    const proxied = { host: "127.0.0.1:3000", forwardedHost: "parallax.example", forwardedProto: "https", forwardedTrusted: true };
    expect(check({ ...proxied, origin: "https://parallax.example" }).ok).toBe(true);
    expect(check({ ...proxied, forwardedHost: "parallax.example, inner", origin: "https://parallax.example" }).ok).toBe(true);
    expect(check({ ...proxied, origin: "http://parallax.example" }).ok).toBe(false);
    const trustedOrigins = trustedOriginsFromEnv({ PARALLAX_PUBLIC_URL: "https://parallax.example/", PARALLAX_TRUSTED_ORIGINS: " https://b.example:8443 ,," });
    expect(trustedOrigins).toEqual(["https://parallax.example/", "https://b.example:8443"]);
    expect(check({ origin: "https://parallax.example", trustedOrigins }).ok).toBe(true);
    expect(check({ origin: "https://b.example:8443", trustedOrigins }).ok).toBe(true);
    expect(check({ origin: "https://b.example", trustedOrigins }).ok).toBe(false);
    expect(check({ origin: "http://parallax.example", trustedOrigins }).ok).toBe(false);
  });

  it("X-Forwarded-Host from anyone else is not believed", () => {
    const forged = { host: "127.0.0.1:3000", forwardedHost: "evil.example", forwardedProto: "https" };
    expect(check({ ...forged, origin: "https://evil.example" }).ok).toBe(false);
    expect(check({ ...forged, forwardedTrusted: false, origin: "https://evil.example" }).ok).toBe(false);
    expect(check({ ...forged, origin: "http://127.0.0.1:3000" }).ok).toBe(true);
  });
});

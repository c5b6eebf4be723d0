import { describe, expect, it } from "vitest";
import { forwardedFor, normaliseAddress, stripUntrustedForwarding } from "./client-address";

describe("X-Forwarded-For from the connection", () => {
  it("ignores what a direct client claims", () => {
    expect(forwardedFor("127.0.0.1", "203.0.113.9", [])).toBe("127.0.0.1");
    expect(forwardedFor("::ffff:10.1.2.3", ["1.1.1.1", "2.2.2.2"], [])).toBe("10.1.2.3");
    expect(forwardedFor("10.1.2.3", undefined, [])).toBe("10.1.2.3");
  });

  it("keeps the chain when the peer is a trusted proxy, and only then", () => {
    expect(forwardedFor("10.0.0.5", "198.51.100.7", ["10.0.0.5"])).toBe("198.51.100.7, 10.0.0.5");
    expect(forwardedFor("::ffff:10.0.0.5", "198.51.100.7, 10.9.9.9", ["10.0.0.5"])).toBe("198.51.100.7, 10.9.9.9, 10.0.0.5");
    expect(forwardedFor("10.0.0.6", "198.51.100.7", ["10.0.0.5"])).toBe("10.0.0.6");
    expect(forwardedFor("10.0.0.5", undefined, ["10.0.0.5"])).toBe("10.0.0.5");
    expect(forwardedFor("10.20.30.40", "198.51.100.7", ["10.0.0.0/8"])).toBe("198.51.100.7, 10.20.30.40");
    expect(forwardedFor("11.0.0.1", "198.51.100.7", ["10.0.0.0/8"])).toBe("11.0.0.1");
    expect(forwardedFor("192.168.1.77", "1.2.3.4", ["192.168.1.64/26"])).toBe("1.2.3.4, 192.168.1.77");
    expect(forwardedFor("192.168.1.200", "1.2.3.4", ["192.168.1.64/26"])).toBe("192.168.1.200");
  });

  it("removes the header when the connection has no address", () => {
    expect(forwardedFor(undefined, "1.2.3.4", [])).toBeNull();
    expect(normaliseAddress(" ::1 ")).toBe("::1");
  });

  it("X-Forwarded-Host and -Proto survive only from a trusted proxy", () => {
    const req = (peer: string) => ({ socket: { remoteAddress: peer }, headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", host: "127.0.0.1:3000" } as Record<string, string | undefined> });
    const direct = req("203.0.113.9");
    stripUntrustedForwarding(direct, ["10.0.0.0/8"]);
    expect(direct.headers).toEqual({ host: "127.0.0.1:3000" });
    const proxied = req("::ffff:10.0.0.5");
    stripUntrustedForwarding(proxied, ["10.0.0.0/8"]);
    expect(proxied.headers["x-forwarded-host"]).toBe("evil.example");
  });
});

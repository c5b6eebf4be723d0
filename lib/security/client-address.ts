// The client address the app sees (Better Auth keys its sign-in and sign-up rate limits on it)
// comes from X-Forwarded-For. Next.js keeps whatever value the client sent, so a client could
// pick a new address for every request and never be limited. Our server (lib/server/serve.ts)
// therefore rewrites the header from the connection itself: the peer's address, preceded by the
// forwarded chain only when the peer is a reverse proxy we were told to trust.

/** "::ffff:127.0.0.1" (IPv4 mapped into IPv6) → "127.0.0.1". */
export function normaliseAddress(address: string): string {
  const a = address.trim();
  return a.startsWith("::ffff:") && a.includes(".") ? a.slice(7) : a;
}

function ipv4(a: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(a);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.some((p) => p > 255) ? null : ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

/** Whether an address is one of the trusted proxies: exact addresses, or IPv4 ranges like 10.0.0.0/8. */
export function isTrustedProxy(address: string, trustedProxies: string[]): boolean {
  const a = normaliseAddress(address);
  return trustedProxies.some((entry) => {
    const [base, bits] = entry.trim().split("/");
    if (bits === undefined) return normaliseAddress(base) === a;
    const ip = ipv4(a);
    const net = ipv4(base);
    const n = Number(bits);
    if (ip === null || net === null || !Number.isInteger(n) || n < 0 || n > 32) return false;
    const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
    return (ip & mask) >>> 0 === (net & mask) >>> 0;
  });
}

/** The X-Forwarded-For value to hand to the app, or null to remove the header. */
export function forwardedFor(peer: string | undefined, incoming: string | string[] | undefined, trustedProxies: string[]): string | null {
  if (!peer) return null;
  const self = normaliseAddress(peer);
  const chain = (Array.isArray(incoming) ? incoming.join(",") : (incoming ?? ""))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (isTrustedProxy(self, trustedProxies) && chain.length) return [...chain, self].join(", ");
  return self;
}

/**
 * X-Forwarded-Host and X-Forwarded-Proto say which address and scheme the browser used; only a
 * trusted proxy may say so (the CSRF check and the security headers believe them). From any
 * other peer they are removed.
 */
export function stripUntrustedForwarding(
  req: { socket: { remoteAddress?: string }; headers: Record<string, string | string[] | undefined> },
  trustedProxies: string[],
): void {
  const peer = req.socket.remoteAddress;
  if (peer && isTrustedProxy(peer, trustedProxies)) return;
  delete req.headers["x-forwarded-host"];
  delete req.headers["x-forwarded-proto"];
}

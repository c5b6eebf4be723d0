// A minimal HTTP client for the benchmarks: one keep-alive connection pool per simulated
// person, bound to its own loopback source address (all of 127/8 reaches this machine on
// Linux). The app derives the client address from the connection, so each person is rate
// limited on its own, as people on different machines would be. Cookies are kept per client.
import http from "node:http";

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  /** wall time from sending the request to the end of the response body */
  ms: number;
  setCookies: string[];
}

/** The request never got an answer (connection refused or reset, server killed). */
export class NetworkError extends Error {
  override name = "NetworkError";
  constructor(
    message: string,
    /** the request went out on a kept-alive connection that had served earlier requests */
    readonly reusedSocket = false,
  ) {
    super(message);
  }
}

export class HttpClient {
  private readonly agent: http.Agent;
  private readonly cookies = new Map<string, string>();
  readonly origin: string;

  constructor(
    baseUrl: string,
    readonly localAddress?: string,
  ) {
    this.origin = new URL(baseUrl).origin;
    // Idle connections are dropped after 3 s, before the server's keep-alive timeout (Node's
    // 5 s; the margin covers timers firing late in a busy process): otherwise a request sent
    // just as the server closes an idle connection fails with ECONNRESET, a transport artefact.
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 4, timeout: 3000 });
  }

  /** Another server (a second app instance, or the same one restarted on a new port), same cookies. */
  withBase(baseUrl: string): HttpClient {
    const c = new HttpClient(baseUrl, this.localAddress);
    for (const [k, v] of this.cookies) c.cookies.set(k, v);
    return c;
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  hasCookie(prefix: string): boolean {
    return [...this.cookies.keys()].some((k) => k.startsWith(prefix));
  }

  close() {
    this.agent.destroy();
  }

  /** GETs re-sent because a kept-alive connection was closed under them (see request()) */
  transportRetries = 0;
  readonly retryReasons: string[] = [];

  async request<T = unknown>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<HttpResult<T>> {
    try {
      return await this.send<T>(method, path, body, extraHeaders);
    } catch (err) {
      // A GET on a reused connection that the server closed before answering is sent again
      // on a new one, as browsers do; it changes nothing on the server. Writes are never
      // re-sent: a write without an answer is an error (or "unknown" in the crash test).
      if (!(err instanceof NetworkError) || !err.reusedSocket || method !== "GET") throw err;
      this.transportRetries++;
      if (this.retryReasons.length < 5) this.retryReasons.push(err.message);
      return this.send<T>(method, path, body, extraHeaders);
    }
  }

  private send<T>(method: string, path: string, body: unknown, extraHeaders: Record<string, string>): Promise<HttpResult<T>> {
    const url = new URL(path, this.origin);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = { accept: "application/json", ...extraHeaders };
    if (payload) {
      headers["content-type"] = "application/json";
      headers["content-length"] = String(payload.length);
    }
    const cookie = this.cookieHeader;
    if (cookie) headers.cookie = cookie;
    return new Promise((resolve, reject) => {
      const t0 = performance.now();
      const req = http.request(
        { method, hostname: url.hostname, port: url.port, path: url.pathname + url.search, headers, agent: this.agent, localAddress: this.localAddress },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", (err) => reject(new NetworkError(`${method} ${path}: ${err.message}`)));
          res.on("end", () => {
            const ms = performance.now() - t0;
            const text = Buffer.concat(chunks).toString("utf8");
            const setCookies = ([] as string[]).concat(res.headers["set-cookie"] ?? []);
            for (const sc of setCookies) this.storeCookie(sc);
            let parsed: unknown = text;
            if ((res.headers["content-type"] ?? "").includes("json") && text) {
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = text;
              }
            }
            resolve({ status: res.statusCode ?? 0, body: parsed as T, ms, setCookies });
          });
        },
      );
      req.on("error", (err) => reject(new NetworkError(`${method} ${path}: ${err.message}`, req.reusedSocket)));
      if (payload) req.write(payload);
      req.end();
    });
  }

  get<T = unknown>(path: string) {
    return this.request<T>("GET", path);
  }

  post<T = unknown>(path: string, body: unknown, extraHeaders: Record<string, string> = {}) {
    return this.request<T>("POST", path, body, extraHeaders);
  }

  private storeCookie(setCookie: string) {
    const [pair, ...attrs] = setCookie.split(";");
    const eq = pair.indexOf("=");
    if (eq < 1) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attrs.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a)) || value === "";
    if (expired) this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

/** Loopback source address for person i (0-based): 127.0.0.2, 127.0.0.3, … (127.0.0.1 stays the admin's). */
export function loopbackAddress(i: number): string {
  if (!Number.isInteger(i) || i < 0 || i > 252) throw new RangeError(`at most 253 simulated people (one loopback address each), got index ${i}`);
  return `127.0.0.${i + 2}`;
}

// The production HTTP server (started by `npm start`): Next.js's request handler behind a
// plain Node server, so X-Forwarded-For comes from the connection and not from the client
// (see lib/security/client-address.ts). Everything else is what `next start` does.
//
// A Node process runs JavaScript on one core, and a review request is mostly JavaScript
// (Prisma's query compiler, the session check, scoring), so the server runs several processes
// that share the port (node:cluster): PARALLAX_WEB_PROCESSES, by default one per core, at most
// four. They share nothing in memory that must agree: sessions, rate limits and every edit
// live in the database; the per-process caches (document scorer, check statistics) check
// that they are current or expire. On SQLite they take turns at the write lock through the
// primary process (installWriteGate), which keeps those turns fair.
import cluster, { type Worker } from "node:cluster";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import next from "next";
import { trustedProxies } from "../auth/config";
import { PROJECT_ROOT, databaseKind, databaseUrl } from "../db/config";
import { gatekeeper, installWriteGate, type GateMessage } from "../db/sqlite/write-turns";
import { forwardedFor, stripUntrustedForwarding } from "../security/client-address";
import { isHttpsRequest, securityHeaders } from "../security/csp";

/** Hashed scripts, styles and fonts are never documents: nothing may run or frame them. */
const STATIC_CSP = "default-src 'none'; frame-ancestors 'none'";
const firstHeader = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;
import { whenParentExits } from "./lifecycle";

/** On SIGTERM a web process finishes its requests for this long, then closes what is left. */
const DRAIN_MS = 3_000;
/** The primary then kills the web processes that have not exited. */
const WORKERS_STOP_MS = 4_000;

function webProcesses(env = process.env.PARALLAX_WEB_PROCESSES): number {
  if (env === undefined || env === "") return Math.max(1, Math.min(4, os.availableParallelism()));
  const n = Number(env);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`PARALLAX_WEB_PROCESSES must be a whole number from 1 to 64, not "${env}"`);
  return n;
}

async function serve() {
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "0.0.0.0";
  const app = next({ dev: false, dir: path.resolve(PROJECT_ROOT), hostname: host, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const proxies = trustedProxies();
  const server = http.createServer((req, res) => {
    const xff = forwardedFor(req.socket.remoteAddress, req.headers["x-forwarded-for"], proxies);
    if (xff) req.headers["x-forwarded-for"] = xff;
    else delete req.headers["x-forwarded-for"];
    stripUntrustedForwarding(req, proxies);
    // every answer carries the security headers, static files and 404s too (proxy.ts adds the
    // per-request CSP and overrides these where it runs)
    const https = isHttpsRequest(`http://${req.headers.host ?? "localhost"}/`, proxies.length ? firstHeader(req.headers["x-forwarded-proto"]) : null);
    for (const [k, v] of Object.entries(securityHeaders({ https }))) res.setHeader(k, v);
    if (req.url?.startsWith("/_next/static/")) res.setHeader("Content-Security-Policy", STATIC_CSP);
    void handle(req, res);
  });
  // Keep-alive connections outlive a load balancer's idle timeout by default; a little longer
  // than Node's 5 s avoids races where the client reuses a socket the server is closing.
  server.keepAliveTimeout = 65_000;
  server.listen(port, host, () => {
    if (cluster.isPrimary) console.log(`[parallax] web server listening on ${host}:${port}`);
    else process.send?.({ listening: true });
  });
  // Stop: take no new connection, let requests in progress finish (idle keep-alive
  // connections are closed at once), and close whatever is still open after DRAIN_MS.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => {
      server.closeAllConnections();
      process.exit(0);
    }, DRAIN_MS).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  process.on("SIGHUP", stop);
  // Alone (one web process), this is the process npm start watches: stop with it.
  if (cluster.isPrimary) whenParentExits(stop);
}

/** The primary process: starts the web processes, replaces one that dies, stops them all on SIGTERM. */
function supervise(n: number) {
  const host = process.env.HOST ?? "0.0.0.0";
  const port = Number(process.env.PORT ?? 3000);
  let stopping = false;
  let listening = 0;
  const gate = gatekeeper();
  const ready = new WeakSet<object>();
  const fork = () => {
    const w = cluster.fork();
    w.on("message", (m: { listening?: boolean } & Partial<GateMessage>) => {
      if (m?.gate) return gate.message(w, m as GateMessage);
      if (!m?.listening) return;
      ready.add(w);
      if (++listening === n) console.log(`[parallax] web server listening on ${host}:${port} (${n} processes)`);
    });
  };
  cluster.on("exit", (w, code, signal) => {
    gate.exited(w);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    if (!ready.has(w)) {
      // It never served: a configuration error that a restart would only repeat.
      console.error(`[parallax] a web process failed to start (${signal ?? `exit code ${code}`}); stopping`);
      stop();
      process.exitCode = 1;
      return;
    }
    console.error(`[parallax] web process ${w.process.pid} stopped (${signal ?? `exit code ${code}`}); starting another`);
    setTimeout(fork, 1000);
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit();
    for (const w of workers) w?.process.kill("SIGTERM");
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGKILL");
      process.exit();
    }, WORKERS_STOP_MS).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  process.on("SIGHUP", stop);
  // npm start (start.ts) killed outright: stop with it. (The web processes stop with this
  // one: node:cluster ends a worker whose primary is gone.)
  whenParentExits(stop);
  for (let i = 0; i < n; i++) fork();
}

function main() {
  const n = webProcesses();
  if (cluster.isPrimary && n > 1) return supervise(n);
  if (cluster.isWorker && databaseKind(databaseUrl()) === "sqlite") installWriteGate();
  return serve();
}

Promise.resolve()
  .then(main)
  .catch((err) => {
    console.error(`[parallax] the web server failed to start: ${(err as Error).message}`);
    process.exit(1);
  });

// The production HTTP server (started by `npm start`): Next.js's request handler behind a
// plain Node server, so X-Forwarded-For comes from the connection and not from the client
// (see lib/security/client-address.ts). Everything else is what `next start` does.
import http from "node:http";
import path from "node:path";
import next from "next";
import { trustedProxies } from "../auth/config";
import { PROJECT_ROOT } from "../db/config";
import { forwardedFor } from "../security/client-address";

async function main() {
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
    void handle(req, res);
  });
  server.listen(port, host, () => console.log(`[parallax] web server listening on ${host}:${port}`));
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err) => {
  console.error(`[parallax] the web server failed to start: ${(err as Error).message}`);
  process.exit(1);
});

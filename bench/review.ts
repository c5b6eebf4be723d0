// `npm run bench:review`: the review page on a 10,000-pair document pair, on the embedded
// database, against the production server. Measures the time until the first rows are
// rendered, and the latency of confirm / flag / edit actions (median and p95).
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { tempDatabase } from "../tests/db/test-db";
import { importAlignedCorpus } from "../lib/db/import-aligned";
import { goldPairs } from "./lib/corpus";
import { corporaDir, requireCorpora } from "../tests/corpora";

const PAIRS = Number(process.env.BENCH_PAIRS ?? 10_000);
const ROOT = path.resolve(__dirname, "..");
const CORPORA = corporaDir();


function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (xs: number[]) => `median ${pct(xs, 50).toFixed(0)} ms, p95 ${pct(xs, 95).toFixed(0)} ms (n=${xs.length})`;

async function main() {
  requireCorpora("aca", "mac-dev");
  const temp = tempDatabase("bench-review");
  const gold = goldPairs();
  const pairs = Array.from({ length: PAIRS }, (_, i) => ({ ...gold[i % gold.length], position: i }));
  let t = performance.now();
  const { projectId, bitextId } = await importAlignedCorpus(temp.db, { projectName: "bench", title: `${PAIRS} pairs`, mode: "parallel" }, pairs, "synthetic");
  const importMs = performance.now() - t;
  const ids = (await temp.db.alignmentPair.findMany({ where: { bitextId }, select: { id: true }, orderBy: { position: "asc" } })).map((p) => p.id);
  // score bands of about 1,000 pairs each, for the bulk confirms (the page's score filter)
  const scores = (await temp.db.alignmentPair.findMany({ where: { bitextId, score: { not: null } }, select: { score: true } })).map((p) => p.score!).sort((a, b) => a - b);
  const bands = [1, 3, 5, 7, 9].map((k) => ({ minScore: String(scores[k * 800]), maxScore: String(scores[k * 800 + 999]) }));
  await temp.db.$disconnect();

  const port = await freePort();
  const server = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "lib/cli/start.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: temp.url },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      if (i > 1200) throw new Error("server did not start");
      const ok = await fetch(base).then((r) => r.ok).catch(() => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    // The first account of the fresh database: the administrator, so it sees the bench project.
    const signUp = await fetch(`${base}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify({ name: "Bench", email: "bench@example.org", password: "bench password 1234" }),
    });
    if (!signUp.ok) throw new Error(`sign-up answered ${signUp.status}: ${await signUp.text()}`);
    const session = signUp.headers.getSetCookie().map((c) => c.split(";")[0]);
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    await context.addCookies(session.map((c) => ({ name: c.slice(0, c.indexOf("=")), value: c.slice(c.indexOf("=") + 1), url: base })));
    const page = await context.newPage();
    const url = `${base}/projects/${projectId}/bitexts/${bitextId}`;
    const firstRows: number[] = [];
    for (let i = 0; i < 6; i++) {
      t = performance.now();
      await page.goto(url, { waitUntil: "commit" });
      await page.locator("[data-pair-id]:not([class*=loading])").first().waitFor({ timeout: 60_000 });
      if (i > 0) firstRows.push(performance.now() - t); // the first visit warms the server
    }
    // Scroll to the end and back: rows must keep coming. The page lists the pairs "needs attention
    // first": its last row is the last of that order.
    const listed = (await (await page.request.get(`${base}/api/bitexts/${bitextId}/pairs?sort=attention`)).json()) as { ids: number[]; clutter: number[] };
    const clutter = new Set(listed.clutter);
    const lastListed = listed.ids.filter((id) => !clutter.has(id)).at(-1)!;
    t = performance.now();
    await page.keyboard.press("End");
    await page.locator(`[data-pair-id="${lastListed}"]`).waitFor({ timeout: 30_000 });
    const endMs = performance.now() - t;
    // Confirm-and-next (c): from the keypress until the next pair is selected and the confirmed one says so.
    await page.keyboard.press("Home");
    const confirmNext: number[] = [];
    for (let i = 0; i < 30; i++) {
      const selected = page.locator('[data-pair-id][aria-selected="true"]');
      const before = await selected.getAttribute("data-pair-id");
      t = performance.now();
      await page.keyboard.press("c");
      await page.locator(`[data-pair-id="${before}"][data-status="confirmed"]`).waitFor({ timeout: 30_000 });
      await page.locator(`[data-pair-id][aria-selected="true"]:not([data-pair-id="${before}"])`).waitFor({ timeout: 30_000 });
      confirmNext.push(performance.now() - t);
    }
    await browser.close();

    const cookie = session.join("; ");
    const post = async (pairId: number, body: object) => {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/pairs/${pairId}`, { method: "POST", headers: { "content-type": "application/json", cookie, origin: base }, body: JSON.stringify(body) });
      const ms = performance.now() - t0;
      if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
      return { ms, data: await res.json() };
    };
    const version = async (pairId: number) => (await (await fetch(`${base}/api/pairs/${pairId}`, { headers: { cookie } })).json()).version as number;
    const lat = { confirm: [] as number[], flag: [] as number[], edit: [] as number[] };
    for (let i = 0; i < 40; i++) {
      const pairId = ids[(i * 997) % ids.length];
      lat.confirm.push((await post(pairId, { op: "status", status: "confirmed", expectedVersion: await version(pairId) })).ms);
      lat.flag.push((await post(pairId, { op: "flag.add", category: "style", severity: "minor", note: `bench ${i}`, expectedVersion: await version(pairId) })).ms);
      const detail = (await (await fetch(`${base}/api/pairs/${pairId}`, { headers: { cookie } })).json()) as { en: { id: number; currentText: string }[] };
      const sentence = detail.en[0];
      if (sentence) lat.edit.push((await post(pairId, { op: "correct", edits: [{ sentenceId: sentence.id, text: `Edited sentence number ${i}.`, base: sentence.currentText }] })).ms);
    }
    // Bulk confirm of about 1,000 pairs (a score band of the page's filter): preview, then apply.
    const bulk = { preview: [] as number[], apply: [] as number[], pairs: [] as number[] };
    const bulkPost = async (pathTail: string, body: object) => {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/bitexts/${bitextId}/${pathTail}`, { method: "POST", headers: { "content-type": "application/json", cookie, origin: base }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`${pathTail}: ${res.status} ${await res.text()}`);
      return { ms: performance.now() - t0, data: (await res.json()) as { count: number; expectedVersions: Record<string, number>; changed: number[] } };
    };
    for (const filter of bands) {
      const action = { type: "status", status: "confirmed" };
      const preview = await bulkPost("bulk/preview", { filter, action });
      const applied = await bulkPost("bulk", { filter, action, expectedVersions: preview.data.expectedVersions });
      bulk.preview.push(preview.ms);
      bulk.apply.push(applied.ms);
      bulk.pairs.push(applied.data.changed.length);
    }
    // Import of a 5,000-sentence pair through the API: the request only stores and queues.
    const lines5k = (ext: string) => {
      const all = fs.readFileSync(path.join(CORPORA, "aca", `001.${ext}`), "utf8").split("\n").filter(Boolean);
      return Array.from({ length: 5000 }, (_, i) => all[i % all.length]).join("\n");
    };
    const form = new FormData();
    form.set("projectName", "bench import 5k");
    form.set("title", "5,000 sentences");
    form.set("mode", "parallel");
    form.set("enText", lines5k("en"));
    form.set("zhText", lines5k("zh"));
    t = performance.now();
    const imp = await fetch(`${base}/api/import`, { method: "POST", body: form, headers: { cookie, origin: base } });
    const importRequestMs = performance.now() - t;
    if (imp.status !== 202) throw new Error(`import answered ${imp.status}: ${await imp.text()}`);
    const { jobId } = (await imp.json()) as { jobId: number };
    let job: { status: string; error?: string } = { status: "queued" };
    while (job.status === "queued" || job.status === "running") {
      await new Promise((r) => setTimeout(r, 500));
      job = await (await fetch(`${base}/api/jobs/${jobId}`, { headers: { cookie } })).json();
    }
    const importJobMs = performance.now() - t;
    if (job.status !== "done") throw new Error(`import job ${job.status}: ${job.error}`);

    const lines = [
      `review page, ${PAIRS.toLocaleString("en-US")} pairs (import ${(importMs / 1000).toFixed(1)} s)`,
      `  first rows rendered: ${fmt(firstRows)}`,
      `  End key to last row: ${endMs.toFixed(0)} ms`,
      `  confirm-and-next (c, in the browser): ${fmt(confirmNext)}`,
      `  confirm: ${fmt(lat.confirm)}`,
      `  flag:    ${fmt(lat.flag)}`,
      `  edit:    ${fmt(lat.edit)}`,
      `  bulk confirm of ${Math.min(...bulk.pairs)}–${Math.max(...bulk.pairs)} pairs: preview ${fmt(bulk.preview)}; apply ${fmt(bulk.apply)}`,
      `import of a 5,000 + 5,000-sentence pair: request ${importRequestMs.toFixed(0)} ms, aligned and checked by the worker after ${(importJobMs / 1000).toFixed(1)} s`,
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
    ];
    console.log(lines.join("\n"));
  } finally {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
    await temp.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

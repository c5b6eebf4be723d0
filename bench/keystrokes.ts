// `npm run bench:review` (second part): keystrokes per pair for a full review pass of MAC-Dev
// chapter 001, driven through the real page by keys only (issue 14's target: ≤ 1.2 keys a pair).
// The chapter's two texts are imported as a user would (POST /api/import, auto mode: aligned and
// checked by the worker). Then, counting every key pressed:
//   1. filter to what is confident and has no open finding: "/" to the search box, Tab to the
//      minimum confidence, type it, Tab to the check filter, arrows to "without an open finding",
//      Esc; then "b" (bulk), Enter (preview), Enter (confirm them all);
//   2. "x" clears the filter, and "c" (confirm and go to the next unreviewed pair) on every pair
//      left, one key each, until none is left to review.
//   --min-confidence N   the bulk step's threshold in percent (default 90)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { tempDatabase } from "../tests/db/test-db";
import { App, freePort } from "./lib/server";
import { corporaDir, requireCorpora } from "../tests/corpora";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const MIN_CONFIDENCE = arg("min-confidence", 90);


/** Keys pressed on the page, counted. */
function keyboard(page: Page) {
  let count = 0;
  const press = async (key: string) => {
    count++;
    await page.keyboard.press(key);
  };
  const active = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.getAttribute("aria-label") ?? "");
  /** Tab until the field with this label has the focus. */
  const tabTo = async (label: string) => {
    for (let i = 0; i < 40 && (await active()) !== label; i++) await press("Tab");
    if ((await active()) !== label) throw new Error(`Tab never reached "${label}"`);
  };
  return { press, tabTo, count: () => count };
}

/** Waits for the import's job (alignment, then the automatic checks) to finish. */
async function waitForJob(base: string, cookie: string, jobId: number) {
  for (let i = 0; i < 1200; i++) {
    const job = (await (await fetch(`${base}/api/jobs/${jobId}`, { headers: { cookie } })).json()) as { status: string; error?: string };
    if (job.status === "done") return;
    if (job.status !== "queued" && job.status !== "running") throw new Error(`the alignment job ${job.status}: ${job.error}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error("the chapter was not aligned in 20 minutes");
}

async function main() {
  requireCorpora("mac-dev");
  const text = (ext: string) => fs.readFileSync(path.join(corporaDir(), "mac-dev", `001.${ext}`), "utf8");
  const temp = tempDatabase("bench-keys");
  await temp.db.$disconnect();
  const app = App.spawn({
    databaseUrl: temp.url,
    port: await freePort(),
    nextDir: process.env.PARALLAX_NEXT_DIR || ".next",
    logFile: path.join(os.tmpdir(), `parallax-bench-keys-${process.pid}.log`),
  });
  const base = app.base;
  try {
    await app.ready();
    const signUp = await fetch(`${base}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify({ name: "Reviewer", email: "reviewer@example.org", password: "bench password 1234" }),
    });
    if (!signUp.ok) throw new Error(`sign-up answered ${signUp.status}: ${await signUp.text()}`);
    const session = signUp.headers.getSetCookie().map((c) => c.split(";")[0]);
    const cookie = session.join("; ");
    const form = new FormData();
    form.set("projectName", "MAC-Dev 001");
    form.set("title", "Chapter 001");
    form.set("mode", "auto");
    form.set("enText", text("en"));
    form.set("zhText", text("zh"));
    const imp = await fetch(`${base}/api/import`, { method: "POST", body: form, headers: { cookie, origin: base } });
    if (imp.status !== 202) throw new Error(`import answered ${imp.status}: ${await imp.text()}`);
    const { projectId, bitextId, jobId } = (await imp.json()) as { projectId: number; bitextId: number; jobId: number };
    await waitForJob(base, cookie, jobId);
    const indexApi = async () => (await (await fetch(`${base}/api/bitexts/${bitextId}/pairs`, { headers: { cookie } })).json()) as { order: number[]; unreviewed: number[] };
    const pairs = (await indexApi()).order.length;

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addCookies(session.map((c) => ({ name: c.slice(0, c.indexOf("=")), value: c.slice(c.indexOf("=") + 1), url: base })));
    const page = await context.newPage();
    await page.goto(`${base}/projects/${projectId}/bitexts/${bitextId}`);
    await page.locator("[data-pair-id]:not([class*=loading])").first().waitFor({ timeout: 60_000 });
    const keys = keyboard(page);
    const started = performance.now();

    // 1. the confident pairs without an open finding, confirmed in bulk
    await keys.press("/");
    await keys.tabTo("Minimum confidence");
    for (const ch of String(MIN_CONFIDENCE)) await keys.press(ch);
    await keys.tabTo("Check filter");
    const check = page.getByLabel("Check filter");
    for (let i = 0; i < 5 && (await check.inputValue()) !== "none"; i++) await keys.press("ArrowDown");
    await keys.press("Escape");
    await page.waitForFunction(() => !document.querySelector('[data-testid="shown"]')?.textContent?.includes("…"));
    const bulkKeys0 = keys.count();
    await keys.press("b");
    await page.getByTestId("bulk-dialog").waitFor();
    await keys.press("Enter"); // Preview
    const counted = page.getByTestId("bulk-count");
    await counted.waitFor();
    const bulkCount = Number(((await counted.locator("strong").textContent()) ?? "0").replace(/,/g, ""));
    await keys.press("Enter"); // Confirm N pairs
    await page.getByTestId("bulk-dialog").waitFor({ state: "detached", timeout: 60_000 });
    const bulkKeys = keys.count();

    // 2. every pair left, one key each
    await keys.press("x");
    let left = (await indexApi()).unreviewed.length;
    const afterBulk = left;
    for (let guard = 0; left > 0 && guard < pairs + 20; guard++) {
      const selected = await page.locator('[data-pair-id][aria-selected="true"]').getAttribute("data-pair-id");
      // a press while the page is still busy with the last one does nothing: press again (counted)
      for (let tries = 0; tries < 4; tries++) {
        await keys.press("c");
        const done = await page.locator(`[data-pair-id="${selected}"][data-status="confirmed"]`).waitFor({ timeout: 10_000 }).then(
          () => true,
          () => false,
        );
        if (done) break;
      }
      left = (await indexApi()).unreviewed.length;
    }
    const seconds = (performance.now() - started) / 1000;
    await browser.close();
    if (left > 0) throw new Error(`${left} pairs were still unreviewed after the pass`);

    const lines = [
      `keystrokes per pair, full review pass of MAC-Dev 001 (${pairs} pairs, aligned in auto mode):`,
      `  bulk step (confidence ≥ ${MIN_CONFIDENCE} %, no open finding): ${bulkKeys} keys (${bulkKeys0} to set the filter) confirmed ${bulkCount} pairs`,
      `  the other ${afterBulk} pairs: ${keys.count() - bulkKeys - 1} keys (c each) after x`,
      `  total ${keys.count()} keys for ${pairs} pairs = ${(keys.count() / pairs).toFixed(2)} keys a pair (target ≤ 1.2), ${seconds.toFixed(0)} s`,
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
    ];
    console.log(lines.join("\n"));
  } finally {
    await app.stop();
    await temp.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

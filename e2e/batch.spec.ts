// Batch import through the browser: a zip built here with three good document pairs, one file
// without its counterpart and one binary file is uploaded on the project page; the report
// names every file that was not imported and why, and the batch progress view follows the
// three alignment jobs (run by the worker `npm start` runs) until they are aligned.
import fs from "node:fs";
import { strToU8, zipSync } from "fflate";
import { expect, test, type Page } from "@playwright/test";
import { corpusPath } from "../tests/corpora";
import { skipWithoutCorpora } from "./corpora";

const lines = (lang: "en" | "zh") => fs.readFileSync(corpusPath("bible", `006.${lang}`), "utf8").split("\n");

/** Three stretches of Genesis, cut where the English and the Chinese lines correspond. */
function documents() {
  const en = lines("en");
  const zh = lines("zh");
  const cuts: [string, [number, number], [number, number]][] = [
    ["creation", [0, 24], [0, 35]],
    ["blessing", [24, 48], [35, 70]],
    ["eden", [48, 88], [70, 126]],
  ];
  return cuts.map(([name, e, z]) => ({ name, en: en.slice(...e).join("\n"), zh: zh.slice(...z).join("\n") }));
}

/** Signs in when the run has no stored session (the default storage state signs in otherwise). */
async function signedIn(page: Page) {
  await page.goto("/");
  if (/\/sign-up/.test(page.url())) {
    const form = page.getByRole("form");
    await form.getByLabel("Your name").fill("Batch Tester");
    await form.getByLabel("Email").fill(process.env.PARALLAX_E2E_EMAIL ?? "batch@example.org");
    await form.getByLabel("Password", { exact: false }).first().fill(process.env.PARALLAX_E2E_PASSWORD ?? "batch-password-123");
    await form.getByLabel("Password again").fill(process.env.PARALLAX_E2E_PASSWORD ?? "batch-password-123");
    await form.getByRole("button").click();
    await page.waitForURL((u) => !/sign-up/.test(u.pathname));
  } else if (/\/sign-in/.test(page.url())) {
    const form = page.getByRole("form", { name: "Sign in" });
    await form.getByLabel("Email").fill(process.env.PARALLAX_E2E_EMAIL ?? "batch@example.org");
    await form.getByLabel("Password").fill(process.env.PARALLAX_E2E_PASSWORD ?? "batch-password-123");
    await form.getByRole("button").click();
    await page.waitForURL((u) => !/sign-in/.test(u.pathname));
  }
}

test("a zip of document pairs is imported, reported file by file and aligned as jobs", async ({ page }) => {
  skipWithoutCorpora("bible");
  test.setTimeout(180_000);
  await signedIn(page);
  const docs = documents();

  // A project to import into: created with one document pair through the import form.
  await page.goto("/projects/new");
  const create = page.getByRole("form", { name: "Import and align two texts" });
  await create.getByLabel("Project name").fill("Genesis batch");
  await create.getByLabel("Title").fill("intro");
  await create.getByLabel("English text").fill(lines("en").slice(88, 100).join("\n"));
  await create.getByLabel("Chinese text").fill(lines("zh").slice(125, 139).join("\n"));
  await create.getByRole("button", { name: "Import and align" }).click();
  await page.waitForURL(/\/projects\/\d+\/bitexts\/\d+/, { timeout: 90_000 });
  const projectUrl = page.url().replace(/\/bitexts\/\d+.*$/, "");

  const entries: Record<string, Uint8Array> = {};
  for (const d of docs) {
    entries[`genesis/${d.name}.en.txt`] = strToU8(d.en);
    entries[`genesis/${d.name}.zh.txt`] = strToU8(d.zh);
  }
  entries["genesis/abel.en.txt"] = strToU8(lines("en").slice(100, 110).join("\n")); // no Chinese counterpart
  entries["genesis/flood.en.txt"] = strToU8(lines("en").slice(150, 160).join("\n"));
  // A PNG image saved under a text name: unreadable, so its (good) counterpart is left out too.
  entries["genesis/flood.zh.txt"] = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]);
  entries["__MACOSX/genesis/._creation.en.txt"] = strToU8("resource fork");
  const zip = zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, [v, { level: 6 }]])));

  await page.goto(projectUrl);
  const form = page.getByRole("form", { name: "Batch import form" });
  await form.getByLabel("Zip or files").setInputFiles({ name: "genesis.zip", mimeType: "application/zip", buffer: Buffer.from(zip) });
  await form.getByRole("button", { name: "Import and align" }).click();

  const report = page.getByRole("region", { name: "Batch report" });
  await expect(report).toContainText("3 document pairs imported");
  const row = (file: string) => report.getByRole("row").filter({ has: page.getByRole("cell", { name: file, exact: true }) });
  await expect(row("genesis/abel.en.txt")).toContainText("unpaired");
  await expect(row("genesis/abel.en.txt")).toContainText("no Chinese file named abel.zh");
  await expect(row("genesis/flood.zh.txt")).toContainText("unreadable");
  await expect(row("genesis/flood.zh.txt")).toContainText(/PNG|image/);
  await expect(row("genesis/flood.en.txt")).toContainText("rejected");
  await expect(row("genesis/flood.en.txt")).toContainText("flood.zh.txt could not be read");
  await expect(row("__MACOSX/genesis/._creation.en.txt")).toContainText("ignored");
  // Paired files are not listed as problems.
  await expect(row("genesis/creation.en.txt")).toHaveCount(0);

  // The progress view lists the new document pairs and follows their jobs.
  const progress = page.getByRole("region", { name: "Document pairs and their jobs" });
  for (const d of docs) await expect(progress.getByRole("progressbar", { name: `Alignment of ${d.name}` })).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/batch-report.png", fullPage: true });
  // The intro pair and the three from the zip.
  await expect(page.getByTestId("batch-counts")).toContainText("4 aligned", { timeout: 120_000 });
  await expect(page.getByTestId("batch-counts")).toContainText("0 failed");
  for (const d of docs) {
    const bar = progress.getByRole("progressbar", { name: `Alignment of ${d.name}` });
    await expect(bar).toHaveAttribute("aria-valuenow", "100");
    await expect(progress.getByRole("link", { name: d.name, exact: true })).toBeVisible();
  }
  await page.screenshot({ path: "e2e/screenshots/batch-aligned.png", fullPage: true });

  // Once settled, the page lists the new document pairs, and the project export covers all four.
  await page.reload();
  const list = page.getByRole("region", { name: "Document pairs", exact: true });
  for (const d of docs) await expect(list.getByRole("link", { name: d.name, exact: true })).toBeVisible();
  const res = await page.request.get(`${projectUrl.replace(/\/projects\//, "/api/projects/")}/export?format=jsonl`);
  expect(res.ok()).toBe(true);
  expect(res.headers()["x-parallax-document-pairs"]).toBe("4");

  // The same export as a background job: progress, then a download served from the job.
  await page.getByRole("button", { name: "Export…" }).click();
  const exportForm = page.getByRole("form", { name: "Export" });
  await exportForm.getByLabel("as a background job").check();
  await exportForm.getByRole("button", { name: "Download" }).click();
  const link = exportForm.getByRole("link", { name: /^Download .+\.tmx$/ });
  await expect(link).toBeVisible({ timeout: 60_000 });
  const jobDownload = await page.request.get((await link.getAttribute("href"))!);
  expect(jobDownload.ok()).toBe(true);
  const tmx = await jobDownload.text();
  const streamed = await (await page.request.get(`${projectUrl.replace(/\/projects\//, "/api/projects/")}/export?format=tmx`)).text();
  // Same pairs as the streamed export (only the creation date in the header may differ).
  expect(tmx.match(/<tu[ >]/g)?.length).toBe(streamed.match(/<tu[ >]/g)?.length);
  expect(tmx.match(/<tu[ >]/g)!.length).toBeGreaterThan(40);
  const jobId = /\/api\/jobs\/(\d+)\/download/.exec((await link.getAttribute("href"))!)![1];
  expect((await page.request.post(`/api/jobs/${jobId}/cancel`)).status()).toBe(409);
});

import path from "node:path";
import { expect, test } from "@playwright/test";
import { corpusPath } from "../tests/corpora";
import { skipWithoutCorpora } from "./corpora";
import { syntheticTmx } from "../tests/synthetic-alignment";

const seeds = path.resolve(__dirname, "..", "seeds");

test("importing the seeds through the UI shows progress and lands on the review page", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "New project" }).click();
  const form = page.getByRole("form", { name: "Import and align two texts" });
  await form.getByLabel("Project name").fill("Imported Hongqi");
  await form.getByLabel("Title").fill("Hongqi Town launch");
  await form.getByLabel("English file").setInputFiles(path.join(seeds, "hongqi-town.en.txt"));
  await form.getByLabel("Chinese file").setInputFiles(path.join(seeds, "hongqi-town.zh.txt"));
  await page.screenshot({ path: "e2e/screenshots/import-form.png", fullPage: true });
  await form.getByRole("button", { name: "Import and align" }).click();
  // The alignment runs as a job; the page shows its progress, then opens the review page.
  await expect(page.getByRole("progressbar", { name: "Alignment progress" })).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/import-progress.png" });
  await page.waitForURL(/\/projects\/\d+\/bitexts\/\d+/, { timeout: 60_000 });
  // The review page is virtualised: find the Xu Liuping pair through its search box.
  await page.getByRole("searchbox").fill("Xu Liuping");
  const row = page.locator("[data-pair-id]", { hasText: "Xu Liuping, chairman" }).first();
  await expect(row).toBeVisible();
  await expect(row).toContainText("徐留平");
  await page.screenshot({ path: "e2e/screenshots/import-done.png" });
});

test("bad input is refused with a clear message and nothing is created", async ({ page }) => {
  await page.goto("/projects/new");
  const form = page.getByRole("form", { name: "Import and align two texts" });
  await form.getByLabel("Project name").fill("Should not exist");
  await form.getByLabel("Title").fill("Broken");
  // A binary file on the English side, nothing on the Chinese side.
  await form.getByLabel("English file").setInputFiles({
    name: "photo.png",
    mimeType: "image/png",
    buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
  });
  await form.getByLabel("Chinese text").fill("红旗小镇正式启动。");
  await form.getByRole("button", { name: "Import and align" }).click();
  await expect(page.locator(".import-form [role=alert]")).toContainText(/PNG|image|not text/i);
  await page.screenshot({ path: "e2e/screenshots/import-refused.png" });

  // Swapped languages are caught and can be fixed with one click.
  await form.getByLabel("English file").setInputFiles([]);
  await form.getByLabel("English text").fill("红旗小镇正式启动，中国一汽打造未来智慧城市生态综合体。徐留平致辞。");
  await form.getByLabel("Chinese text").fill("Hongqi Town is officially launched. Xu Liuping delivered a speech.");
  await form.getByRole("button", { name: "Import and align" }).click();
  await expect(page.locator(".import-form [role=alert]")).toContainText(/swap/i);
  await expect(page.getByRole("button", { name: "Swap them and import" })).toBeVisible();

  await page.goto("/");
  await expect(page.getByText("Should not exist")).toHaveCount(0);
});

test("an InterText alignment imports with its links and can be exported as TMX", async ({ page }) => {
  skipWithoutCorpora("mac-dev");
  const dir = corpusPath("mac-dev", "intertext");
  await page.goto("/projects/new");
  const form = page.getByRole("form", { name: "Import an existing alignment" });
  await form.getByLabel("Project name").fill("MAC-Dev 002 (InterText)");
  await form.getByLabel("Title").fill("Chapter 002");
  await form
    .getByLabel("Alignment files")
    .setInputFiles(["dev-anno.002_en.xml", "dev-anno.002_zh.xml", "dev-anno.002_zh.002_en.xml"].map((f) => path.join(dir, f)));
  await form.getByRole("button", { name: "Import alignment" }).click();
  await page.waitForURL(/\/projects\/(\d+)\/bitexts\/\d+/, { timeout: 30_000 });
  const projectId = /\/projects\/(\d+)\//.exec(page.url())![1];
  // the pairs are stored by an import job; the review opens when it is done
  await expect(page.getByRole("listbox", { name: "Pairs" })).toBeVisible({ timeout: 30_000 });

  await page.goto(`/projects/${projectId}`);
  const row = page
    .getByRole("region", { name: "Document pairs", exact: true })
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: "Chapter 002", exact: true }) });
  await expect(row.getByRole("cell").nth(1)).toHaveText("241");
  await page.getByRole("button", { name: "Export…" }).click();
  const download = page.waitForEvent("download");
  await page.getByRole("form", { name: "Export" }).getByRole("button", { name: "Download" }).click();
  const file = await (await download).path();
  const tmx = (await import("node:fs")).readFileSync(file, "utf8");
  expect(tmx).toContain('<tmx version="1.4">');
  expect((tmx.match(/<tu[ >]/g) ?? []).length).toBeGreaterThan(200);
  await page.screenshot({ path: "e2e/screenshots/project-export.png", fullPage: false });
});

test("a large aligned import runs as a job: progress on the document pair's page, then the review opens; a cancelled one leaves nothing", async ({ page }) => {
  test.setTimeout(180_000);
  const tmx = Buffer.from(syntheticTmx(5000));
  const importTmx = async (project: string) => {
    await page.goto("/projects/new");
    const form = page.getByRole("form", { name: "Import an existing alignment" });
    await form.getByLabel("Project name").fill(project);
    await form.getByLabel("Title").fill("Reports");
    await form.getByLabel("Alignment files").setInputFiles({ name: "reports.tmx", mimeType: "application/xml", buffer: tmx });
    const answer = page.waitForResponse((r) => r.url().endsWith("/api/import/aligned"));
    await form.getByRole("button", { name: "Import alignment" }).click();
    const res = await answer;
    expect(res.status()).toBe(202);
    const body = await res.json();
    expect(body).toMatchObject({ pairs: 5000, format: "tmx", job: { type: "import", bitextId: body.bitextId } });
    await page.waitForURL(new RegExp(`/projects/${body.projectId}/bitexts/${body.bitextId}$`));
    return body as { projectId: number; bitextId: number; jobId: number };
  };

  const done = await importTmx("Large TMX");
  const bar = page.getByRole("progressbar", { name: "Import progress" });
  await expect(bar).toBeVisible();
  await expect(bar).toContainText(/Importing… \d+%/);
  await page.screenshot({ path: "e2e/screenshots/import-aligned-progress.png" });
  // while it is stored the project lists it as importing, without a review link
  const project = await page.context().newPage();
  await project.goto(`/projects/${done.projectId}`);
  const row = project.getByRole("region", { name: "Document pairs", exact: true }).locator(`tr[data-bitext-id="${done.bitextId}"]`);
  if ((await page.getByRole("listbox", { name: "Pairs" }).count()) === 0) {
    await expect(row).toContainText(/Importing…|Review/);
  }
  await project.close();
  await expect(page.getByRole("listbox", { name: "Pairs" })).toBeVisible({ timeout: 120_000 });
  await page.screenshot({ path: "e2e/screenshots/import-aligned-ready.png" });
  await page.goto(`/projects/${done.projectId}`);
  const stored = page.getByRole("region", { name: "Document pairs", exact: true }).locator(`tr[data-bitext-id="${done.bitextId}"]`);
  await expect(stored.getByRole("cell").nth(1)).toHaveText("5,000");
  await expect(stored.getByRole("link", { name: "Review →" })).toBeVisible();

  const cancelled = await importTmx("Cancelled TMX");
  await page.getByRole("button", { name: "Cancel import" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The import was cancelled" })).toContainText("nothing of it was kept.", { timeout: 20_000 });
  await page.screenshot({ path: "e2e/screenshots/import-aligned-cancelled.png" });
  // the document pair and the project made for it are gone
  await expect.poll(async () => (await page.request.get(`/projects/${cancelled.projectId}`)).status(), { timeout: 20_000 }).toBe(404);
});

test("a 19 MB TMX (111,111 units) is answered 202 within seconds, and cancelling the queued or running job discards it", async ({ request }) => {
  test.setTimeout(120_000);
  const tmx = Buffer.from(syntheticTmx(111_111));
  expect(tmx.length).toBeGreaterThan(19_000_000);
  const started = Date.now();
  const res = await request.post("/api/import/aligned", {
    multipart: { projectName: "Huge TMX", title: "111,111 units", files: { name: "huge.tmx", mimeType: "application/xml", buffer: tmx } },
  });
  const ms = Date.now() - started;
  expect(res.status()).toBe(202);
  // the request reads, checks and stages the file; storing the pairs is the job's (minutes)
  expect(ms).toBeLessThan(20_000);
  const body = await res.json();
  expect(body).toMatchObject({ pairs: 111_111, format: "tmx", job: { type: "import", status: "queued", bitextId: body.bitextId } });
  const cancel = await request.post(`/api/jobs/${body.jobId}/cancel`);
  expect(cancel.status()).toBe(200);
  // queued: discarded at once; running: by its worker within seconds
  await expect.poll(async () => (await request.get(`/projects/${body.projectId}`)).status(), { timeout: 60_000 }).toBe(404);
});

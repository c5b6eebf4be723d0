// Automatic checks in the review page (apart from editors' flags, explainable, dismissable),
// the project glossary (a term makes a terminology finding appear) and the project report
// (counts, CSV download). Runs on the demo project; rows are found by content. Leaves the
// shared demo as it found it, except for one dismissed finding.
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN } from "./users";

const SHOTS = "e2e/screenshots";
test.describe.configure({ mode: "serial" });

async function openProject(page: Page) {
  await page.goto("/");
  await page.getByRole("link", { name: /Hongqi Town \(demo\)/ }).click();
  await expect(page.getByRole("heading", { name: "Hongqi Town (demo)" })).toBeVisible();
}

async function openReview(page: Page) {
  await openProject(page);
  await page.getByRole("link", { name: "Review →" }).click();
  await expect(page.getByRole("listbox", { name: "Pairs" })).toBeVisible();
  // triage order (needs attention first): in the demo its gaps come first
  await expect(page.locator("[data-pair-id][data-kind]").first()).toBeVisible();
}

const summaryCount = async (page: Page, sev: string) =>
  Number(((await page.getByTestId("check-summary").innerText()).match(new RegExp(`(\\d+) ${sev}`)) ?? [])[1] ?? NaN);

test("review: automatic findings apart from editors' flags; dismissing one sticks after reload", async ({ page }) => {
  await openReview(page);
  const summary = page.getByLabel("Summary");
  await expect(summary).toContainText("Automatic checks");
  const majorBefore = await summaryCount(page, "major");
  expect(majorBefore).toBeGreaterThan(0);

  // the "check" filter: only pairs with an open number finding
  await page.getByLabel("Check filter").selectOption("number");
  await expect(page.getByTestId("shown")).toContainText(/\d+ of \d+ pairs/);
  await expect
    .poll(() => page.locator("[data-pair-id][data-kind]").evaluateAll((els) => els.length > 0 && els.every((e) => Number((e as HTMLElement).dataset.findings) > 0)))
    .toBe(true);
  await page.screenshot({ path: `${SHOTS}/checks-filter.png` });

  // the counted-noun finding (两街 vs "one street") is on the pair holding "two districts"
  await page.getByRole("searchbox").fill("两街");
  const row = page.locator("[data-pair-id]", { hasText: "two districts" });
  await expect(row).toBeVisible();
  await expect(row.locator('[data-flag="check"]').first()).toContainText("⚙");
  await expect(row.locator('[data-flag="editor"]')).toHaveCount(0);
  await row.click();
  const inspector = page.getByRole("complementary", { name: "Selected pair" });
  const findings = inspector.getByRole("region", { name: "Automatic checks" });
  await expect(findings).toBeVisible();
  await expect(inspector.getByRole("region", { name: "Flags" })).toHaveCount(0); // no editor flag here
  const counted = findings.locator('li[data-check-id="number.counted"]').filter({ hasText: "Chinese “两街”" });
  await expect(counted).toContainText("Counted noun differs");
  await expect(counted).toContainText("major");
  await expect(counted.getByLabel("Evidence")).toContainText("one street");
  // hovering a finding underlines its evidence in the row
  await counted.hover();
  await expect(row.locator('[data-evidence="hot"]').first()).toBeVisible();
  const hotText = (lang: string) => row.locator(`[data-side="${lang}"] [data-evidence="hot"]`).evaluateAll((els) => els.map((e) => e.textContent).join(""));
  await expect.poll(() => hotText("zh")).toBe("两街");
  await expect.poll(() => hotText("en")).toBe("one street");
  await counted.getByText("Why?").click();
  await expect(counted).toContainText("counted noun phrases");
  await page.screenshot({ path: `${SHOTS}/checks-review.png` });

  // dismiss it: gone from the open list and the counts, editors' counts untouched
  const openFlagsText = await summary.locator("div", { hasText: "Open flags" }).innerText();
  const id = await counted.getAttribute("data-finding-id");
  await counted.getByRole("button", { name: "Dismiss number.counted" }).click();
  await expect(page.getByRole("status")).toContainText("Dismissed the automatic finding number.counted");
  await expect(findings.locator(`li[data-finding-id="${id}"]`)).toHaveCount(0);
  await expect.poll(() => summaryCount(page, "major")).toBe(majorBefore - 1);
  expect(await summary.locator("div", { hasText: "Open flags" }).innerText()).toBe(openFlagsText);

  // still dismissed after a reload; visible with "show dismissed"
  await page.reload();
  await expect.poll(() => summaryCount(page, "major")).toBe(majorBefore - 1);
  await expect(page.getByTestId("check-summary")).toContainText("dismissed");
  await page.getByRole("searchbox").fill("两街");
  await page.locator("[data-pair-id]", { hasText: "two districts" }).click();
  const f2 = page.getByRole("complementary", { name: "Selected pair" }).getByRole("region", { name: "Automatic checks" });
  await expect(f2.locator(`li[data-finding-id="${id}"]`)).toHaveCount(0);
  await f2.getByLabel(/show dismissed/).check();
  await expect(f2.locator(`li[data-finding-id="${id}"]`)).toContainText(`dismissed by ${ADMIN.name}`);
  await page.screenshot({ path: `${SHOTS}/checks-dismissed.png` });
});

test("glossary: a term makes a terminology finding appear; a bad TSV shows its line numbers", async ({ page }) => {
  await openProject(page);
  await page.getByRole("link", { name: /Glossary/ }).click();
  await expect(page.getByRole("heading", { name: "Glossary" })).toBeVisible();

  // a TSV with bad lines: every problem with its line number, nothing stored
  const upload = page.getByRole("form", { name: "Glossary file" });
  await upload.getByLabel("or paste").fill("en\tzh\nRed Flag\t红旗\nno tab on this line\ntown\ttown\n");
  await upload.getByRole("button", { name: "Upload" }).click();
  const problems = page.getByRole("list", { name: "Problems in the file" });
  await expect(problems).toContainText("line 3");
  await expect(problems).toContainText("line 4");
  await expect(problems).toContainText("no Chinese characters");
  await expect(page.getByText("No terms yet")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/checks-glossary-errors.png`, fullPage: true });

  // add one term by hand: the checks re-run at once
  const add = page.getByRole("form", { name: "Add a term" });
  await add.getByLabel("English").fill("Red Flag");
  await add.getByLabel("Chinese").fill("红旗");
  await add.getByLabel("Note").fill("the brand, in English");
  await add.getByRole("button", { name: "Add term" }).click();
  await expect(page.getByRole("status")).toContainText(/Added Red Flag = 红旗\. Checks re-run on 1 document pair: [1-9]\d* new findings?/);
  await expect(page.locator("tr[data-term-id]")).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/checks-glossary.png`, fullPage: true });

  // the review page shows the terminology findings
  await page.getByRole("link", { name: "Hongqi Town (demo)" }).click();
  await page.getByRole("link", { name: "Review →" }).click();
  // in reading order: the first pair with the finding is the one that names "Red Flag" (in triage
  // order the first is whichever other specs left needing the most attention)
  await page.getByRole("form", { name: "Filters" }).getByLabel("Sort").selectOption("position");
  await page.getByLabel("Check filter").selectOption("terminology.glossary");
  const first = page.locator("[data-pair-id][data-kind]").first();
  await expect(first).toBeVisible();
  await expect(first.locator('[data-flag="check"]', { hasText: "terminology" })).toBeVisible();
  await first.click();
  const finding = page.getByRole("complementary", { name: "Selected pair" }).locator('li[data-check-id="terminology.glossary"]').first();
  await expect(finding).toContainText("Red Flag");
  await finding.hover();
  await page.screenshot({ path: `${SHOTS}/checks-terminology.png` });
});

test("report: counts, charts, worst pairs and the CSV download", async ({ page, baseURL }) => {
  await openProject(page);
  await page.getByRole("link", { name: "Report" }).click();
  await expect(page.getByRole("heading", { name: "Report" })).toBeVisible();
  const json = (await (await page.request.get(`${page.url().replace(/\/projects\/(\d+)\/report.*/, "/api/projects/$1/report")}?format=json`)).json()) as {
    totals: { pairs: number; words: number; enWords: number };
    checkFindings: { open: number; dismissed: number; byCheck: Record<string, unknown> };
  };
  await expect(page.getByTestId("report-pairs")).toHaveText(json.totals.pairs.toLocaleString("en"));
  await expect(page.getByTestId("report-words")).toHaveText(json.totals.words.toLocaleString("en"));
  await expect(page.getByTestId("report-findings")).toHaveText(json.checkFindings.open.toLocaleString("en"));
  expect(json.checkFindings.dismissed).toBeGreaterThanOrEqual(1);
  expect(Object.keys(json.checkFindings.byCheck)).toContain("terminology.glossary");
  await expect(page.getByRole("img", { name: "Open automatic findings by check and severity" })).toContainText("terminology.glossary");
  await expect(page.getByRole("img", { name: "Pairs per score range" })).toBeVisible();
  const worst = page.getByRole("region", { name: "Most penalised pairs" });
  await expect(worst.getByRole("link").first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/checks-report.png`, fullPage: true });

  // the CSV downloads with the same numbers
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^report-project-\d+-\d{4}-\d\d-\d\d\.csv$/);
  const csv = fs.readFileSync((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toBe("\uFEFFsection,document_pair,pair,item,severity,value");
  expect(csv).toContain(`summary,all,,pairs,,${json.totals.pairs}\r\n`);
  expect(csv).toContain(`summary,all,,check_findings_open,,${json.checkFindings.open}\r\n`);
  expect(csv).toMatch(/check_findings,all,,terminology\.glossary,major,\d+/);

  // a worst pair links to the review page, focused on it
  await worst.getByRole("link").first().click();
  await expect(page.getByRole("listbox", { name: "Pairs" })).toBeVisible();
  const id = new URL(page.url()).searchParams.get("pair");
  await expect(page.locator(`[data-pair-id="${id}"]`)).toHaveAttribute("aria-selected", "true");
  void baseURL;
});

test("glossary clean-up: deleting the term removes its open findings", async ({ page }) => {
  await openProject(page);
  await page.getByRole("link", { name: /Glossary/ }).click();
  await page.getByRole("button", { name: "Delete Red Flag = 红旗" }).click();
  await expect(page.getByRole("status")).toContainText(/Deleted Red Flag = 红旗\. Checks re-run on 1 document pair: 0 new findings, [1-9]\d* gone/);
  await expect(page.getByText("No terms yet")).toBeVisible();
});

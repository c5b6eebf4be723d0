// The review page of the demo document pair, as the signed-in administrator (an owner of the
// demo): flag, correction with diff, merge, undo, split, reload (persisted, history names the
// author), keyboard navigation, and a refused conflicting edit from another editor's account.
// Rows are found by content, never by exact aligner output.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { ADMIN, ADMIN_STATE, VIEWPORT, demoMember } from "./users";

const SHOTS = "e2e/screenshots";

async function openReview(page: Page) {
  await page.goto("/");
  await page.getByRole("link", { name: /Hongqi Town \(demo\)/ }).click();
  await page.getByRole("link", { name: "Review →" }).click();
  await expect(page.getByRole("listbox", { name: "Pairs" })).toBeVisible();
  // the list opens in triage order (needs attention first): in the demo its gaps come first
  await expect(page.locator("[data-pair-id][data-kind]").first()).toBeVisible();
}

/** The list in reading order (the demo's first pair, then its collapsed web clutter). */
async function readingOrder(page: Page) {
  await page.getByRole("form", { name: "Filters" }).getByLabel("Sort").selectOption("position");
  await expect(page.locator('[data-kind="pair"]').first()).toBeVisible();
}

async function pairCount(page: Page): Promise<number> {
  return Number((await page.getByTestId("pair-count").innerText()).replace(/\D/g, ""));
}

/** A row holding this English text (first 40 characters are enough to find it). */
function rowWith(page: Page, text: string): Locator {
  return page.locator("[data-pair-id]", { hasText: text.slice(0, 40) });
}

function selectedRow(page: Page): Locator {
  return page.locator('[data-pair-id][aria-selected="true"]');
}

async function sideText(row: Locator, lang: "en" | "zh"): Promise<string> {
  return (await row.locator(`[data-side="${lang}"] p`).first().innerText()).replace(/^\d+\s*/, "").trim();
}

/** The row right after `row` in the list (rows are rendered in list order). */
async function nextRowText(page: Page, row: Locator): Promise<{ id: string; text: string }> {
  const id = await row.evaluate((el) => {
    const wrap = el.closest("[data-vid]");
    return (wrap?.nextElementSibling?.querySelector("[data-pair-id]") as HTMLElement | null)?.dataset.pairId ?? "";
  });
  const next = page.locator(`[data-pair-id="${id}"]`);
  const text = (await next.locator("[data-side] p").first().innerText()).replace(/^\d+\s*/, "").trim();
  return { id, text };
}

test.describe.configure({ mode: "serial" });

test("review: flag, correct with diff, merge, undo, split, reload keeps everything", async ({ page }) => {
  await openReview(page);
  await page.screenshot({ path: `${SHOTS}/review-open.png` });

  // changes are made as the signed-in account, named in the page's header
  await expect(page.getByTestId("editor-name")).toHaveText(ADMIN.name);

  // pick a matched pair (both sides present) and remember its English text
  await readingOrder(page);
  const first = page.locator('[data-kind="pair"]').first();
  await first.click();
  const en = await sideText(first, "en");
  const row = rowWith(page, en);
  await expect(row).toHaveAttribute("aria-selected", "true");

  // flag it with a note
  await page.keyboard.press("f");
  const flagForm = page.getByRole("form", { name: "Add flag" });
  await expect(flagForm).toBeVisible();
  await flagForm.getByLabel("Category").selectOption("terminology");
  await flagForm.getByLabel("Severity").selectOption("critical");
  await flagForm.getByLabel("Note").fill("The company name should follow the glossary");
  await flagForm.getByRole("button", { name: "Add flag" }).click();
  await expect(page.getByRole("status")).toContainText("Flagged pair");
  await expect(row).toHaveAttribute("data-status", "flagged");
  await expect(row).toContainText("terminology");
  await expect(page.getByRole("complementary", { name: "Selected pair" })).toContainText("The company name should follow the glossary");
  await expect(page.getByLabel("Summary")).toContainText("1 critical");
  await page.screenshot({ path: `${SHOTS}/review-flag.png` });

  // correct the English text: the row shows a diff of original vs corrected
  await page.keyboard.press("e");
  const editForm = page.getByRole("form", { name: "Correct the text" });
  // one field per sentence, each with its diff against the original
  const enBox = editForm.getByLabel("English sentence 1", { exact: true });
  await expect(enBox).toBeVisible();
  const current = await enBox.inputValue();
  await enBox.fill(`Indeed, ${current}`);
  await expect(editForm.getByLabel("English sentence 1 changes").locator("ins")).toContainText("Indeed");
  await page.screenshot({ path: `${SHOTS}/review-edit.png` });
  await editForm.getByRole("button", { name: "Save correction" }).click();
  await expect(page.getByRole("status")).toContainText("Corrected the English");
  await expect(row.locator("ins")).toContainText("Indeed");
  await expect(row).toContainText("corrected");
  await page.screenshot({ path: `${SHOTS}/review-corrected.png` });

  // merge with the next pair, then undo the merge. The demo's first pair is followed by web
  // clutter, collapsed: the first "m" changes nothing but shows the clutter and says so
  const before = await pairCount(page);
  await row.click();
  await page.keyboard.press("m");
  await expect(page.getByRole("alert").filter({ hasText: "excluded web clutter" })).toContainText("the clutter is shown now");
  await expect(page.getByTestId("clutter-toggle")).toHaveAttribute("aria-expanded", "true");
  expect(await pairCount(page)).toBe(before);
  const next = await nextRowText(page, row);
  await row.click();
  await page.keyboard.press("m");
  await expect(page.getByRole("status")).toContainText("Merged pairs");
  await expect.poll(() => pairCount(page)).toBe(before - 1);
  await expect(row).toContainText(next.text.slice(0, 12));
  await page.screenshot({ path: `${SHOTS}/review-merged.png` });

  await page.keyboard.press("u");
  await expect(page.getByRole("status")).toContainText("Undid: merge");
  await expect.poll(() => pairCount(page)).toBe(before);
  await expect(rowWith(page, en)).not.toContainText(next.text.slice(0, 12));
  await page.screenshot({ path: `${SHOTS}/review-undo.png` });

  // merge again and split it back at a chosen boundary
  await rowWith(page, en).click();
  await page.keyboard.press("m");
  await expect.poll(() => pairCount(page)).toBe(before - 1);
  await page.keyboard.press("s");
  const splitForm = page.getByRole("form", { name: "Split the pair" });
  await expect(splitForm).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/review-split-form.png` });
  await splitForm.getByRole("button", { name: "Split pair" }).click();
  await expect(page.getByRole("status")).toContainText("Split pair");
  await expect.poll(() => pairCount(page)).toBe(before);
  await page.screenshot({ path: `${SHOTS}/review-split.png` });

  // reload: flag, note and correction are still there
  await page.reload();
  await expect(page.getByTestId("editor-name")).toHaveText(ADMIN.name);
  await readingOrder(page);
  const again = rowWith(page, en);
  await expect(again).toHaveAttribute("data-status", "flagged");
  await expect(again).toContainText("terminology");
  await expect(again.locator("ins")).toContainText("Indeed");
  await again.click();
  const inspector = page.getByRole("complementary", { name: "Selected pair" });
  await expect(inspector).toContainText("The company name should follow the glossary");
  await inspector.getByText("History").click();
  await expect(inspector.getByRole("list").last()).toContainText(ADMIN.name);
  await expect(inspector).toContainText("flagged terminology (critical)");
  await page.screenshot({ path: `${SHOTS}/review-reloaded.png` });
});

test("review: keyboard navigation and the shortcuts panel", async ({ page }) => {
  await openReview(page);
  const list = page.getByRole("listbox", { name: "Pairs" });
  const firstId = await selectedRow(page).getAttribute("data-pair-id");
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await page.keyboard.press("ArrowDown");
  const thirdId = await selectedRow(page).getAttribute("data-pair-id");
  expect(thirdId).not.toBe(firstId);
  await page.keyboard.press("k");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("k");
  await expect(selectedRow(page)).toHaveAttribute("data-pair-id", firstId!);
  // End jumps to the last pair of the list (the list scrolls; rows are windowed): the demo ends
  // with web clutter, collapsed into one row, so that is its last real pair
  await page.keyboard.press("End");
  await expect(selectedRow(page)).toBeInViewport();
  await expect(selectedRow(page)).not.toHaveAttribute("data-kind", "clutter");
  expect(await selectedRow(page).getAttribute("data-pair-id")).toBe(await page.locator("[data-pair-id]").last().getAttribute("data-pair-id"));
  const lastShown = Number((await page.getByRole("complementary", { name: "Selected pair" }).getByRole("heading", { level: 2 }).innerText()).match(/Pair (\d+)/)![1]);
  expect(lastShown).toBeLessThan(await pairCount(page));
  await page.keyboard.press("Home");
  await expect(selectedRow(page)).toHaveAttribute("data-pair-id", firstId!);

  // typing in a field never triggers shortcuts
  await page.getByRole("searchbox").fill("jjkk");
  await expect(selectedRow(page)).toHaveAttribute("data-pair-id", firstId!);
  await page.getByRole("searchbox").fill("");
  await list.focus();

  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help).toContainText("merge with the next pair");
  await page.screenshot({ path: `${SHOTS}/review-shortcuts.png` });
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();

  // filters: only gaps, then text search in Chinese
  await page.getByLabel("only gaps").check();
  await expect(page.locator('[data-pair-id][data-kind="pair"]')).toHaveCount(0);
  await expect(page.locator('[data-kind="gap"]').first()).toBeVisible();
  await page.getByLabel("only gaps").uncheck();
  await page.getByRole("searchbox").fill("红旗");
  await expect(page.getByTestId("shown")).toContainText(/\d+ of \d+ pairs/);
  await expect(page.locator("[data-pair-id]").first()).toContainText("红旗");
  await expect
    .poll(() => page.locator("[data-pair-id][data-kind]").evaluateAll((els) => els.every((e) => e.textContent?.includes("红旗"))))
    .toBe(true);
  await page.screenshot({ path: `${SHOTS}/review-filtered.png` });
});

test("review: a conflicting status change from another editor is refused with who and when", async ({ browser, page }) => {
  // Alice is an editor of the demo (invited, signed up, added by the administrator); Bob's
  // browser is the administrator's
  const alice = await demoMember(browser, page, { name: "Alice Chen", email: "alice@example.org", role: "editor" });
  const bob = await browser.newContext({ viewport: VIEWPORT, storageState: ADMIN_STATE });
  const pa = await alice.newPage();
  const pb = await bob.newPage();
  await openReview(pa);
  // Bob's page does not hear of changes live (its changes feed is cut), so it acts on an old version
  await pb.route("**/api/bitexts/*/changes*", (route) => route.abort());
  await openReview(pb);

  // both look at the same pair: the first one still automatic (gap or not)
  const target = pa.locator('[data-pair-id][data-status="automatic"]:not([data-kind="clutter"])').first();
  const id = await target.getAttribute("data-pair-id");
  const row = (p: Page) => p.locator(`[data-pair-id="${id}"]`);
  await row(pa).click();
  await row(pb).click();

  // Alice confirms first
  await pa.keyboard.press("c");
  await expect(row(pa)).toHaveAttribute("data-status", "confirmed");

  // Bob, still holding the old version, confirms it too: refused, nothing overwritten
  await expect(row(pb)).toHaveAttribute("data-status", "automatic");
  await pb.keyboard.press("c");
  const alert = pb.getByRole("alert").filter({ hasText: "was changed by" });
  await expect(alert).toContainText(/was changed by Alice Chen at \d\d:\d\d; reload to see the change/);
  await expect(alert.getByRole("button", { name: "Reload" })).toBeVisible();
  await pb.screenshot({ path: `${SHOTS}/review-conflict.png` });

  // Reload shows Alice's change; now Bob's flag goes through
  await alert.getByRole("button", { name: "Reload" }).click();
  await expect(row(pb)).toHaveAttribute("data-status", "confirmed");
  await row(pb).click();
  await pb.keyboard.press("f");
  // category and severity must be chosen (issue 14 item 5)
  await pb.getByRole("form", { name: "Add flag" }).getByLabel("Category").selectOption("accuracy/mistranslation");
  await pb.getByRole("form", { name: "Add flag" }).getByLabel("Severity").selectOption("major");
  await pb.getByRole("form", { name: "Add flag" }).getByRole("button", { name: "Add flag" }).click();
  await expect(row(pb)).toHaveAttribute("data-status", "flagged");
  await alice.close();
  await bob.close();
});

test("review: a sentence excluded as web clutter can be restored", async ({ page }) => {
  await openReview(page);
  await page.getByRole("searchbox").fill("来源");
  const row = page.locator("[data-pair-id]", { hasText: "来源:中国日报网" }).first();
  await row.click();
  const sentences = page.getByRole("region", { name: "Sentences" });
  await sentences.getByRole("button", { name: "Restore sentence" }).click();
  await expect(sentences.getByRole("button", { name: "Exclude" })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/review-restored.png` });
  await page.reload();
  await page.getByRole("searchbox").fill("来源");
  await page.locator("[data-pair-id]", { hasText: "来源:中国日报网" }).first().click();
  await expect(page.getByRole("region", { name: "Sentences" }).getByRole("button", { name: "Exclude" })).toBeVisible();
});

test("review: each pair's confidence beside its score, the explanation says which is low, filter and sort by confidence", async ({ page }) => {
  // an alignment as Parallax exports it (JSONL with each pair's confidence; one pair has none)
  const pairs = [
    { en: "Hongqi Town was officially launched today.", zh: "红旗小镇今天正式启动。", confidence: 0.91 },
    { en: "Xu Liuping, chairman of FAW, delivered a speech.", zh: "中国一汽董事长徐留平致辞。", confidence: 0.34 },
    { en: "The town covers an area of ten square kilometres.", zh: "小镇占地十平方公里。", confidence: 0.72 },
    { en: "Guests from many cities attended the ceremony.", zh: "来自多个城市的嘉宾出席了仪式。" },
    { en: "It will open to visitors next year.", zh: "明年将向游客开放。", confidence: 0.07 },
  ];
  await page.goto("/projects/new");
  const form = page.getByRole("form", { name: "Import an existing alignment" });
  await form.getByLabel("Project name").fill("Confidence check");
  await form.getByLabel("Title").fill("Confidences");
  await form.getByLabel("Alignment files").setInputFiles({
    name: "confidences.jsonl",
    mimeType: "application/jsonl",
    buffer: Buffer.from(pairs.map((p) => JSON.stringify(p)).join("\n") + "\n"),
  });
  await form.getByRole("button", { name: "Import alignment" }).click();
  await page.waitForURL(/\/projects\/\d+\/bitexts\/\d+/, { timeout: 30_000 });
  // stored by an import job: the review opens when it is done
  await expect(page.getByRole("listbox", { name: "Pairs" })).toBeVisible({ timeout: 30_000 });

  // a second, smaller badge beside the match score; none for the pair without a confidence
  const row = (k: number) => rowWith(page, pairs[k].en);
  await expect(row(0).getByTestId("confidence")).toHaveText("conf 91%");
  await expect(row(1).getByTestId("confidence")).toHaveText("conf 34%");
  await expect(row(4).getByTestId("confidence")).toHaveText("conf 7%");
  await expect(row(3)).toBeVisible();
  await expect(row(3).getByTestId("confidence")).toHaveCount(0);
  await expect(page.getByTestId("mean-confidence")).toHaveText(/conf 51%/);
  await page.screenshot({ path: `${SHOTS}/review-confidence.png` });

  // the inspector says which of the two is low, and why
  await row(1).click();
  const explanation = page.getByTestId("score-explanation");
  await expect(explanation).toContainText("conf 34%");
  await expect(explanation).toContainText(/confidence is low \(34%\)/);
  await expect(explanation).toHaveAttribute("data-low", /confidence|both/);

  // filter by a confidence range (percent) and sort by confidence
  const filters = page.getByRole("form", { name: "Filters" });
  await filters.getByLabel("Minimum confidence").fill("50");
  await expect(page.getByTestId("shown")).toHaveText(/^2 of 5 pairs/);
  await filters.getByLabel("Minimum confidence").fill("");
  await filters.getByLabel("Sort").selectOption("confidence-asc");
  const order = async () =>
    page.locator("[data-pair-id] [data-side='en'] p").evaluateAll((ps) => ps.map((p) => (p.textContent ?? "").replace(/^\d+\s*/, "").slice(0, 20)));
  const expected = [4, 1, 2, 0, 3].map((k) => pairs[k].en.slice(0, 20));
  await expect.poll(order).toEqual(expected);
  await filters.getByLabel("Sort").selectOption("confidence-desc");
  await expect.poll(order).toEqual([0, 2, 1, 4, 3].map((k) => pairs[k].en.slice(0, 20)));
  await page.screenshot({ path: `${SHOTS}/review-confidence-sorted.png` });
  await filters.getByLabel("Sort").selectOption("position");
  await expect.poll(order).toEqual(pairs.map((p) => p.en.slice(0, 20)));

  // a merge by hand: the aligner's confidence no longer applies; undo brings it back
  await row(0).click();
  await page.keyboard.press("m");
  // the first re-scoring in a web process loads the lexicon (the import may have run in the other process)
  await expect(page.getByRole("status")).toContainText("Merged pairs", { timeout: 30_000 });
  await expect(row(0).getByTestId("confidence")).toHaveText("edited by hand");
  await expect(explanation).toContainText("Edited by hand");
  await page.keyboard.press("u");
  await expect(page.getByRole("status")).toContainText("Undid: merge");
  await expect(row(0).getByTestId("confidence")).toHaveText("conf 91%");
  await expect(row(1).getByTestId("confidence")).toHaveText("conf 34%");
});

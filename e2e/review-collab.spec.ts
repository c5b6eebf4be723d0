// Review you can trust: sentence-exact corrections (the demo caption that used to swallow its
// neighbour, with the TMX and InterText exports checked sentence by sentence), two editors on one
// pair (a flag and a correction both saved; two corrections of one sentence: the draft is kept and
// keep mine / take theirs / merge by hand all work), a draft that survives a reload and a closed
// tab, and live review (another browser's changes within 2 s, who has which pair open).
// Ada is the administrator (global-setup); Bob is invited and made an editor of the demo here.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { readInterTextZip } from "../lib/formats/intertext";
import { readTmx } from "../lib/formats/tmx";
import type { CorpusPair } from "../lib/formats/model";
import { ADMIN, ADMIN_STATE, VIEWPORT, demoMember } from "./users";

const SHOTS = "e2e/screenshots";
const BOB = { name: "Bob Stone", email: "bob.stone@example.org", role: "editor" as const };
const BOB_STATE = path.join(__dirname, ".auth", `bob-${process.pid}.json`);
const LIVE_MS = 2000;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  const admin = await browser.newContext({ viewport: VIEWPORT, storageState: ADMIN_STATE });
  const bob = await demoMember(browser, await admin.newPage(), BOB);
  await bob.storageState({ path: BOB_STATE });
  await bob.close();
  await admin.close();
});

test.afterAll(() => fs.rmSync(BOB_STATE, { force: true }));

async function openReview(page: Page): Promise<{ projectId: number; bitextId: number }> {
  await page.goto("/");
  await page.getByRole("link", { name: /Hongqi Town \(demo\)/ }).click();
  await page.getByRole("link", { name: "Review →" }).click();
  await expect(page.getByRole("listbox", { name: "Pairs" })).toBeVisible();
  // the list opens in triage order (needs attention first): in the demo its gaps come first
  await expect(page.locator("[data-pair-id][data-kind]").first()).toBeVisible();
  const m = /\/projects\/(\d+)\/bitexts\/(\d+)/.exec(page.url())!;
  return { projectId: Number(m[1]), bitextId: Number(m[2]) };
}

async function contextAs(browser: Browser, state: string, viewport = VIEWPORT): Promise<BrowserContext> {
  return browser.newContext({ viewport, storageState: state });
}

/** The row holding this text (English or Chinese), found through the search box. */
async function findRow(page: Page, text: string): Promise<Locator> {
  await page.getByRole("searchbox").fill(text);
  const row = page.locator("[data-pair-id][data-kind]", { hasText: text }).first();
  await expect(row).toBeVisible();
  return row;
}

async function pairIdOf(row: Locator): Promise<string> {
  return (await row.getAttribute("data-pair-id"))!;
}

const byId = (page: Page, id: string) => page.locator(`[data-pair-id="${id}"]`);
const inspector = (page: Page) => page.getByRole("complementary", { name: "Selected pair" });
const editForm = (page: Page) => page.getByRole("form", { name: "Correct the text" });
const field = (page: Page, name: string) => editForm(page).getByLabel(name, { exact: true });

/** Screenshots at 1440×900 and 1024×768 (then back to the test's size). */
async function shots(page: Page, name: string) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `${SHOTS}/${name}-1440.png` });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: `${SHOTS}/${name}-1024.png` });
  if (size) await page.setViewportSize(size);
}

async function exportPairs(page: Page, projectId: number, bitextId: number, format: "tmx" | "intertext"): Promise<CorpusPair[]> {
  const res = await page.request.get(`/api/projects/${projectId}/export?format=${format}&bitext=${bitextId}&includeGaps=1`);
  expect(res.ok(), `${format} export: ${res.status()}`).toBe(true);
  const body = await res.body();
  return format === "tmx" ? readTmx(body.toString("utf8")).pairs : readInterTextZip(new Uint8Array(body)).pairs;
}

/** Every sentence of both exports, pair by pair: the same except `from` -> `to`, once. */
function expectOnlyChange(before: CorpusPair[], after: CorpusPair[], from: string, to: string) {
  expect(after.length).toBe(before.length);
  let changed = 0;
  before.forEach((b, i) => {
    const a = after[i];
    for (const lang of ["en", "zh"] as const) {
      expect(a[lang].length, `pair ${i + 1} ${lang}: number of sentences`).toBe(b[lang].length);
      b[lang].forEach((s, j) => {
        const now = a[lang][j].text;
        if (s.text === from && now === to) changed++;
        else expect(now, `pair ${i + 1} ${lang} sentence ${j + 1}`).toBe(s.text);
        expect(now.trim(), `pair ${i + 1} ${lang} sentence ${j + 1} is not empty`).not.toBe("");
      });
    }
  });
  expect(changed).toBe(1);
}

test("the demo caption: correcting one sentence changes that sentence only, in the page and in the exports", async ({ page }) => {
  const CAPTION = "红旗小镇“两街一区”整体规划";
  const FIXED = "红旗小镇“两街一区”总体规划";
  const { projectId, bitextId } = await openReview(page);
  const tmxBefore = await exportPairs(page, projectId, bitextId, "tmx");
  const itBefore = await exportPairs(page, projectId, bitextId, "intertext");

  const row = await findRow(page, "两街一区");
  await row.click();
  const zhBefore = await row.locator('[data-side="zh"] p').allInnerTexts();
  expect(zhBefore.length).toBeGreaterThanOrEqual(2);
  await page.keyboard.press("e");

  // one field per sentence, labelled with its language and number; the caption is one of them
  const zhFields = editForm(page).getByLabel(/^Chinese sentence \d+$/);
  const values = await zhFields.evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
  expect(values.length).toBe(zhBefore.length);
  const at = values.indexOf(CAPTION);
  expect(at).toBeGreaterThanOrEqual(0);
  const captionField = field(page, `Chinese sentence ${at + 1}`);
  await captionField.fill(FIXED);
  const diff = editForm(page).getByLabel(`Chinese sentence ${at + 1} changes`);
  await expect(diff.locator("ins")).toHaveText("总");
  await expect(diff.locator("del")).toHaveText("整");
  await shots(page, "collab-caption-edit");

  await editForm(page).getByRole("button", { name: "Save correction" }).click();
  await expect(page.getByRole("status")).toContainText("Corrected the Chinese of pair");
  await expect(editForm(page)).toBeHidden();

  // the row: the caption sentence holds the corrected caption only, every other sentence as it was
  const after = async () => (await row.locator('[data-side="zh"] p').allInnerTexts()).map((t) => t.replace(/corrected$/, "").trim());
  await expect.poll(async () => (await after()).length).toBe(zhBefore.length);
  const zhAfter = await after();
  zhAfter.forEach((t, i) => {
    if (i === at) expect(t.replace(/^\d+\s*/, "")).toContain("总");
    else expect(t).toBe(zhBefore[i].trim());
  });
  await expect(row.locator('[data-side="zh"] p').nth(at).locator("ins")).toHaveText("总");

  // reload: still so, sentence by sentence
  await page.reload();
  const again = await findRow(page, "两街一区");
  await again.click();
  await page.keyboard.press("e");
  const reread = await editForm(page).getByLabel(/^Chinese sentence \d+$/).evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
  expect(reread).toEqual(values.map((v, i) => (i === at ? FIXED : v)));
  await page.keyboard.press("Escape");
  await shots(page, "collab-caption-saved");

  // both exports: every sentence of the document pair unchanged but the caption, none empty
  expectOnlyChange(tmxBefore, await exportPairs(page, projectId, bitextId, "tmx"), CAPTION, FIXED);
  expectOnlyChange(itBefore, await exportPairs(page, projectId, bitextId, "intertext"), CAPTION, FIXED);
});

test("two editors on one pair: a flag and a correction are both saved", async ({ browser, page: ada }) => {
  const bobContext = await contextAs(browser, BOB_STATE);
  const bob = await bobContext.newPage();
  await openReview(ada);
  await openReview(bob);
  const id = await pairIdOf(await findRow(ada, "Guo Guohua"));
  await (await findRow(bob, "Guo Guohua")).click();
  await byId(ada, id).click();

  // Bob starts a correction; Ada flags the pair meanwhile
  await bob.keyboard.press("e");
  const box = field(bob, "English sentence 1");
  const text = await box.inputValue();
  await box.fill(text.replace("presided over", "chaired"));
  await ada.keyboard.press("f");
  const flag = ada.getByRole("form", { name: "Add flag" });
  await flag.getByLabel("Category").selectOption("terminology");
  await flag.getByLabel("Severity").selectOption("major"); // no default any more (issue 14 item 5)
  await flag.getByLabel("Note").fill("Ada's flag while Bob edits");
  await flag.getByRole("button", { name: "Add flag" }).click();
  await expect(byId(ada, id)).toHaveAttribute("data-status", "flagged");

  // Bob's draft is untouched by Ada's change arriving; his save goes through
  await expect(byId(bob, id)).toContainText("terminology", { timeout: LIVE_MS });
  await expect(box).toHaveValue(text.replace("presided over", "chaired"));
  await editForm(bob).getByRole("button", { name: "Save correction" }).click();
  await expect(bob.getByRole("status")).toContainText("Corrected the English");
  for (const p of [ada, bob]) {
    await expect(byId(p, id).locator("ins")).toContainText("chaired", { timeout: LIVE_MS });
    await expect(byId(p, id)).toContainText("terminology");
  }
  await expect(inspector(ada)).toContainText("Ada's flag while Bob edits");
  await shots(ada, "collab-flag-and-correction");
  await bobContext.close();
});

test("two corrections of one sentence: the draft is kept; take theirs, keep mine, merge by hand", async ({ browser, page: ada }) => {
  const bobContext = await contextAs(browser, BOB_STATE);
  const bob = await bobContext.newPage();
  await openReview(ada);
  await openReview(bob);
  const id = await pairIdOf(await findRow(ada, "Xu Liuping"));
  await (await findRow(bob, "Xu Liuping")).click();
  await byId(ada, id).click();
  const S1 = "English sentence 1";
  const original = await (async () => {
    await ada.keyboard.press("e");
    const v = await field(ada, S1).inputValue();
    await ada.keyboard.press("Escape");
    return v;
  })();

  /** Bob drafts `mine`; Ada saves `theirs` in the same sentence; Bob saves: the conflict dialog. */
  async function collide(mine: string, theirs: string) {
    await bob.keyboard.press("e");
    await field(bob, S1).fill(mine);
    await ada.keyboard.press("e");
    await field(ada, S1).fill(theirs);
    await editForm(ada).getByRole("button", { name: "Save correction" }).click();
    // Ada's correction is stored (her form closes on success) before Bob saves
    await expect(editForm(ada)).toBeHidden();
    await expect(byId(ada, id)).toContainText(theirs.slice(original.length).trim());
    await editForm(bob).getByRole("button", { name: "Save correction" }).click();
    const dialog = bob.getByRole("dialog", { name: /Another editor changed this sentence/ });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId("conflict-mine")).toHaveText(mine);
    await expect(dialog.getByTestId("conflict-theirs")).toHaveText(theirs);
    await expect(dialog).toContainText(`changed by ${ADMIN.name}`);
    await expect(dialog.getByLabel(`Difference in ${S1}`).locator("ins, del").first()).toBeVisible();
    // nothing was lost: the draft is still in the form behind the dialog
    await expect(field(bob, S1)).toHaveValue(mine);
    return dialog;
  }

  // 1. take theirs: Bob's draft of the sentence goes, Ada's text stays
  const v1 = `${original} (Ada, first)`;
  let dialog = await collide(`${original} (Bob, first)`, v1);
  await shots(bob, "collab-conflict");
  await dialog.getByRole("radio", { name: "Take theirs" }).check();
  await dialog.getByRole("button", { name: "Use their version" }).click();
  await expect(dialog).toBeHidden();
  await expect(editForm(bob)).toBeHidden();
  await expect(byId(bob, id).locator("ins")).toContainText("(Ada, first)");
  await expect(byId(bob, id)).not.toHaveAttribute("data-draft");

  // 2. keep mine: Bob's text replaces Ada's, recorded as such
  dialog = await collide(`${original} (Bob, second)`, `${original} (Ada, second)`);
  await dialog.getByRole("radio", { name: "Keep mine" }).check();
  await dialog.getByRole("button", { name: "Save my choice" }).click();
  await expect(bob.getByRole("status")).toContainText("replacing the other editor's text");
  await expect(byId(bob, id).locator("ins")).toContainText("(Bob, second)");
  await expect(byId(ada, id).locator("ins")).toContainText("(Bob, second)", { timeout: LIVE_MS });
  await inspector(bob).getByText("History").click();
  await expect(inspector(bob)).toContainText("replacing another editor's text");

  // 3. merge by hand: a field prefilled with Bob's draft, saved on top of Ada's
  dialog = await collide(`${original} (Bob, third)`, `${original} (Ada, third)`);
  await dialog.getByRole("radio", { name: "Merge by hand" }).check();
  const merged = dialog.getByLabel(`Merged ${S1}`);
  await expect(merged).toHaveValue(`${original} (Bob, third)`);
  await merged.fill(`${original} (Ada and Bob, third)`);
  await shots(bob, "collab-conflict-merge");
  await dialog.getByRole("button", { name: "Save my choice" }).click();
  await expect(dialog).toBeHidden();
  await expect(byId(bob, id).locator("ins")).toContainText("(Ada and Bob, third)");
  await expect(byId(ada, id).locator("ins")).toContainText("(Ada and Bob, third)", { timeout: LIVE_MS });
  await bobContext.close();
});

test("a draft survives a reload and a closed tab, until it is discarded", async ({ page }) => {
  await openReview(page);
  const row = await findRow(page, "Zhu Tianshu");
  const id = await pairIdOf(row);
  await row.click();
  await page.keyboard.press("e");
  const original = await field(page, "English sentence 1").inputValue();
  const draft = `${original} [draft]`;
  await field(page, "English sentence 1").fill(draft);

  // reload: the page says there is a draft; the row is marked; the form opens with it
  await page.reload();
  const notice = page.getByTestId("drafts-notice");
  await expect(notice).toContainText("Unsaved corrections");
  await shots(page, "collab-draft-notice");
  await notice.getByRole("button", { name: /^pair \d+/ }).click();
  await expect(field(page, "English sentence 1")).toHaveValue(draft);
  await expect(editForm(page).getByLabel("English sentence 1 changes").locator("ins")).toContainText("[draft]");
  await page.keyboard.press("Escape");
  await expect(byId(page, id)).toHaveAttribute("data-draft", "");
  await expect(inspector(page).getByTestId("draft-banner")).toBeVisible();

  // a closed tab: a new one in the same browser still has it
  const context = page.context();
  await page.close();
  const tab = await context.newPage();
  await openReview(tab);
  await (await findRow(tab, "Zhu Tianshu")).click();
  await tab.keyboard.press("e");
  await expect(field(tab, "English sentence 1")).toHaveValue(draft);

  // discarded: gone, also after a reload
  await editForm(tab).getByRole("button", { name: "Discard changes" }).click();
  await expect(field(tab, "English sentence 1")).toHaveValue(original);
  await tab.reload();
  await expect(tab.locator('[data-pair-id][data-kind]').first()).toBeVisible();
  await expect(tab.getByTestId("drafts-notice")).toHaveCount(0);
});

test("live: another browser's changes and whereabouts appear within 2 seconds", async ({ browser, page: ada }) => {
  const bobContext = await contextAs(browser, BOB_STATE);
  const bob = await bobContext.newPage();
  await openReview(ada);
  await openReview(bob);
  const count = async (p: Page) => Number((await p.getByTestId("pair-count").innerText()).replace(/\D/g, ""));

  // where Bob is: Ada sees "Bob" on the row, then "Bob is editing", and his name in the inspector
  const target = await findRow(bob, "As a new business card");
  const id = await pairIdOf(target);
  await target.click();
  await findRow(ada, "As a new business card");
  await expect(byId(ada, id).getByTestId("row-presence")).toHaveText("Bob", { timeout: LIVE_MS + 500 });
  await bob.keyboard.press("e");
  await expect(byId(ada, id).getByTestId("row-presence")).toHaveText("Bob is editing", { timeout: LIVE_MS });
  await byId(ada, id).click();
  await expect(inspector(ada).getByTestId("inspector-presence")).toContainText(`${BOB.name} (editing)`);
  await shots(ada, "collab-presence");

  // Bob drafts; Ada confirms the pair: Bob sees it within 2 s, his draft stays and he is told
  const box = field(bob, "English sentence 1");
  const draft = `${await box.inputValue()} (Bob's draft)`;
  await box.fill(draft);
  // Shift+C confirms and stays on the pair (c would move on to the next unreviewed one)
  await ada.keyboard.press("Shift+C");
  await expect(byId(ada, id)).toHaveAttribute("data-status", "confirmed");
  await expect(byId(bob, id)).toHaveAttribute("data-status", "confirmed", { timeout: LIVE_MS });
  await expect(bob.getByTestId("live-notes")).toContainText(new RegExp(`${ADMIN.name} confirmed pair \\d+`));
  await expect(box).toHaveValue(draft);
  await expect(editForm(bob).getByTestId("pair-changed")).toContainText(`${ADMIN.name} changed this pair`);
  await shots(bob, "collab-live-confirmed");
  await editForm(bob).getByRole("button", { name: "Discard changes" }).click();
  await bob.keyboard.press("Escape");

  // a flag and a correction by Ada
  await ada.keyboard.press("f");
  // category and severity must be chosen (issue 14 item 5)
  await ada.getByRole("form", { name: "Add flag" }).getByLabel("Category").selectOption("accuracy/mistranslation");
  await ada.getByRole("form", { name: "Add flag" }).getByLabel("Severity").selectOption("major");
  await ada.getByRole("form", { name: "Add flag" }).getByRole("button", { name: "Add flag" }).click();
  await expect(byId(ada, id)).toHaveAttribute("data-status", "flagged");
  await expect(byId(bob, id)).toHaveAttribute("data-status", "flagged", { timeout: LIVE_MS });
  await ada.keyboard.press("e");
  const adaBox = field(ada, "English sentence 1");
  await adaBox.fill(`${await adaBox.inputValue()} (live)`);
  await editForm(ada).getByRole("button", { name: "Save correction" }).click();
  await expect(ada.getByRole("status")).toContainText("Corrected the English");
  await expect(byId(bob, id).locator("ins")).toContainText("(live)", { timeout: LIVE_MS });

  // structure: Ada merges the pair with the next one, then undoes it
  // Bob sees the whole list; Ada keeps her search, so the pair stays in her (filtered) list: a new
  // filter starts the list from the top, and in triage order the demo's gaps come first
  await bob.getByRole("searchbox").fill("");
  const before = await count(bob);
  await byId(ada, id).click();
  await ada.keyboard.press("m");
  await expect(ada.getByRole("status")).toContainText("Merged pairs");
  await expect.poll(() => count(bob), { timeout: LIVE_MS }).toBe(before - 1);
  await ada.keyboard.press("u");
  await expect(ada.getByRole("status")).toContainText("Undid: merge");
  await expect.poll(() => count(bob), { timeout: LIVE_MS }).toBe(before);

  // Bob leaves (the page goes away: a "leaving" beacon): his name goes from Ada's rows
  await bob.goto("about:blank");
  await expect(ada.getByTestId("row-presence")).toHaveCount(0, { timeout: LIVE_MS + 1000 });
  await bobContext.close();
});

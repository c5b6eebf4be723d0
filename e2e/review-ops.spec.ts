// Issue 14 items 3-5 on the demo review page: a span flag made by mouse selection (highlighted,
// listed, exported in TMX and JSONL with its offsets), editor-style search (regex, whole word),
// bulk confirm with a preview and one undo, find-and-replace with a preview, apply and one undo.
// Screenshots of the new dialogs at 1024×768, 1440×900 and 1920×1080.
import { expect, test, type Page } from "@playwright/test";
import { openDemoReview } from "./demo";

const SHOTS = "e2e/screenshots";
const SIZES = [
  [1024, 768],
  [1440, 900],
  [1920, 1080],
] as const;

test.describe.configure({ mode: "serial" });

async function shots(page: Page, name: string) {
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}x${height}.png` });
  }
  await page.setViewportSize({ width: 1360, height: 900 });
}

/** Selects characters [start, end) of the text of the first English sentence of a row, as a mouse drag would. */
async function selectInSentence(page: Page, pairId: string, start: number, end: number): Promise<string> {
  return page.evaluate(
    ([id, a, b]) => {
      const p = document.querySelector(`[data-pair-id="${id}"] [data-side="en"] [data-sentence-id]`)!;
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      const nodes: Text[] = [];
      while (walker.nextNode()) nodes.push(walker.currentNode as Text);
      // the first text node is the sentence's number
      const textNodes = nodes.slice(1);
      const at = (k: number): [Text, number] => {
        let n = k;
        for (const t of textNodes) {
          if (n <= t.length) return [t, n];
          n -= t.length;
        }
        return [textNodes[textNodes.length - 1], textNodes[textNodes.length - 1].length];
      };
      const range = document.createRange();
      range.setStart(...at(a as number));
      range.setEnd(...at(b as number));
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      return sel.toString();
    },
    [pairId, start, end] as const,
  );
}

test("span flag by mouse selection: highlighted, listed, exported in TMX and JSONL with offsets", async ({ page }) => {
  const { projectId, bitextId } = await openDemoReview(page);
  const row = page.locator('[data-kind="pair"]').first();
  await row.click();
  const pairId = (await row.getAttribute("data-pair-id"))!;
  const quoted = await selectInSentence(page, pairId, 4, 12);
  expect(quoted.length).toBe(8);
  const inspector = page.getByRole("complementary", { name: "Selected pair" });
  await inspector.getByRole("button", { name: "Flag a span" }).click();
  const form = page.getByTestId("span-flag-form");
  await expect(form.getByTestId("span-quote")).toContainText(quoted);
  // no default: the button stays disabled until both are chosen
  await expect(form.getByRole("button", { name: "Flag span" })).toBeDisabled();
  await form.getByLabel("MQM category").selectOption("accuracy/mistranslation");
  await form.getByLabel("Severity").selectOption("major");
  await shots(page, "span-flag-form");
  await form.getByRole("button", { name: "Flag span" }).click();
  await expect(row.locator("mark[data-span-flag]")).toHaveText(quoted);
  await expect(page.getByTestId("span-flags")).toContainText(`accuracy/mistranslation (major) · English 4–12`);
  await page.screenshot({ path: `${SHOTS}/span-flag-highlighted.png` });

  for (const format of ["jsonl", "tmx"] as const) {
    const res = await page.request.get(`/api/projects/${projectId}/export?format=${format}&bitext=${bitextId}`);
    expect(res.status()).toBe(200);
    const body = await res.text();
    if (format === "jsonl") {
      const flags = body.trim().split("\n").flatMap((l) => (JSON.parse(l).flags ?? []) as { category: string; span?: { start: number; end: number; text: string; side: string } }[]);
      expect(flags.find((f) => f.span)?.span).toMatchObject({ side: "en", start: 4, end: 12, text: quoted });
    } else {
      expect(body).toContain(`"span":{"side":"en","sentence":0,"start":4,"end":12`);
      expect(body).toMatch(/<note>MQM accuracy\/mistranslation \(major\) en\[0\]@4-12/);
    }
  }
});

test("search: regular expression and whole word options narrow the list", async ({ page }) => {
  await openDemoReview(page);
  const shown = page.getByTestId("shown");
  await page.getByRole("searchbox").fill("\\d{4}");
  await expect(shown).toHaveText(/^0 of/); // a literal "\d{4}" is in no sentence
  await page.getByRole("button", { name: ".*", exact: true }).click();
  await expect(shown).not.toHaveText(/^0 of/);
  await page.getByRole("searchbox").fill("([");
  await expect(page.getByRole("alert").filter({ hasText: /Invalid regular expression/ })).toBeVisible();
  await page.getByRole("button", { name: ".*", exact: true }).click();
  await page.getByRole("searchbox").fill("town");
  await expect(shown).toHaveText(/of/);
  const all = Number((await shown.innerText()).split(" ")[0]);
  await page.getByRole("button", { name: "W", exact: true }).click();
  // whole words: "town" inside "Township" or "downtown" no longer counts, so never more
  await expect.poll(async () => Number((await shown.innerText()).split(" ")[0])).toBeLessThanOrEqual(all);
  await page.getByRole("searchbox").fill("");
  await page.getByRole("button", { name: "W", exact: true }).click();
});

test("bulk confirm with a preview, then one undo", async ({ page }) => {
  await openDemoReview(page);
  await page.getByLabel("Status").selectOption("automatic");
  const shown = page.getByTestId("shown");
  await page.getByTestId("open-bulk").click();
  const dialog = page.getByTestId("bulk-dialog");
  await dialog.getByRole("button", { name: "Preview" }).click();
  const count = dialog.getByTestId("bulk-count");
  await expect(count).toContainText("matching pairs would change");
  const [n, matching] = ((await count.innerText()).match(/[\d,]+/g) ?? []).map((x) => Number(x.replace(/,/g, "")));
  expect(n).toBeGreaterThan(0);
  // the preview counts what the list shows
  await expect(shown).toHaveText(new RegExp(`^${matching} of`));
  await shots(page, "bulk-dialog");
  await dialog.getByRole("button", { name: `Confirm ${n} pairs` }).click();
  await expect(page.getByRole("status")).toContainText(`Bulk action: ${n} pairs changed`);
  // the automatic pairs left are excluded clutter, which a bulk confirm leaves alone
  await expect(shown).toHaveText(new RegExp(`^${matching - n} of`));
  await page.getByRole("button", { name: /^Undo/ }).click();
  await expect(shown).toHaveText(new RegExp(`^${matching} of`));
});

test("find and replace: preview with a diff, apply as corrections, one undo", async ({ page }) => {
  const { bitextId } = await openDemoReview(page);
  const hits = async () => ((await (await page.request.get(`/api/bitexts/${bitextId}/pairs?q=Township`)).json()) as { ids: number[] }).ids.length;
  const before = await hits();
  await page.getByTestId("open-replace").click();
  const dialog = page.getByTestId("replace-dialog");
  await dialog.getByLabel("Find").fill("Town");
  await dialog.getByLabel("Replace with").fill("Township");
  await dialog.getByRole("button", { name: "Preview" }).click();
  await expect(dialog.getByTestId("replace-count")).toContainText("sentences in");
  await expect(dialog.locator("ins").first()).toBeVisible();
  await shots(page, "replace-dialog");
  await dialog.getByRole("button", { name: /^Replace in \d+ sentences$/ }).click();
  await expect(page.getByRole("status")).toContainText(/Replaced in [1-9]\d* sentences/);
  // the index (as the page asks for it) finds the corrected text
  expect(await hits()).toBeGreaterThan(before);
  await page.getByRole("button", { name: /^Undo/ }).click();
  await expect(page.getByRole("status")).toContainText("Undid: replace");
  await expect.poll(hits).toBe(before);
});

// Opening the demo's review page in the browser tests: from the home page, through the project,
// and in reading order (the page opens "needs attention first", which puts the demo's gaps on
// top; tests that pick two-sided pairs want the reading order).
import { expect, type Page } from "@playwright/test";

export async function openDemoReview(page: Page): Promise<{ projectId: number; bitextId: number }> {
  await page.goto("/");
  await page.getByRole("link", { name: /Hongqi Town \(demo\)/ }).click();
  await page.getByRole("link", { name: "Review →" }).click();
  await expect(page.getByRole("listbox", { name: "Pairs" })).toBeVisible();
  await expect(page.locator("[data-pair-id][data-kind]").first()).toBeVisible();
  await page.getByRole("form", { name: "Filters" }).getByLabel("Sort").selectOption("position");
  await expect(page.locator('[data-kind="pair"]').first()).toBeVisible();
  const m = /projects\/(\d+)\/bitexts\/(\d+)/.exec(page.url())!;
  return { projectId: Number(m[1]), bitextId: Number(m[2]) };
}

import { expect, test } from "@playwright/test";

test("the project list shows the demo project", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Projects" })).toBeVisible();
  const demo = page.getByRole("link", { name: /Hongqi Town \(demo\)/ });
  await expect(demo).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/projects.png", fullPage: true });
});

test("the demo project lists its document pair; its review page shows English and Chinese side by side", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: /Hongqi Town \(demo\)/ }).click();
  await expect(page.getByRole("heading", { name: "Hongqi Town (demo)" })).toBeVisible();
  const list = page.getByRole("region", { name: "Document pairs", exact: true });
  await expect(list.getByRole("row")).toHaveCount(2); // the header and the demo's one document pair
  await expect(list).toContainText(/comparable alignment/);
  await page.screenshot({ path: "e2e/screenshots/demo-project.png", fullPage: true });
  await list.getByRole("link", { name: "Review →" }).click();
  // A row holding Xu Liuping's English sentence holds 徐留平 on the Chinese side.
  await page.getByRole("searchbox").fill("Xu Liuping, chairman");
  const xuRow = page.locator("[data-pair-id]", { hasText: "Xu Liuping, chairman" });
  await expect(xuRow).toContainText("徐留平");
  await expect(xuRow.locator('[data-side="zh"]')).toContainText("红旗");
});

import { expect, test } from "@playwright/test";

test("the project list shows the demo project", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Projects" })).toBeVisible();
  const demo = page.getByRole("link", { name: /Hongqi Town \(demo\)/ });
  await expect(demo).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/projects.png", fullPage: true });
});

test("the demo project shows English and Chinese side by side", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: /Hongqi Town \(demo\)/ }).click();
  await expect(page.getByRole("heading", { name: "Hongqi Town (demo)" })).toBeVisible();
  const table = page.locator("table.pairs");
  await expect(table).toBeVisible();
  await expect(table).toContainText("红旗");
  await expect(table).toContainText("Hongqi");
  await expect(page.getByText(/Aligned in comparable mode/)).toBeVisible();
  // A row holding Xu Liuping's English sentence holds 徐留平 on the Chinese side.
  const xuRow = table.locator("tr", { hasText: "Xu Liuping, chairman" });
  await expect(xuRow).toContainText("徐留平");
  await page.screenshot({ path: "e2e/screenshots/demo-project.png", fullPage: true });
});

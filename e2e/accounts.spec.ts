// Accounts in the browser: an invited person signs up through the link, signs out and in
// (a wrong password says so), a viewer gets the review page without edit controls and the
// API refuses the viewer's edit (403), and an editor's change shows their name in the history.
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, PASSWORD, addMember, demoProjectId, invite, signUpInvited, signedOut } from "./users";
import { openDemoReview } from "./demo";

const SHOTS = "e2e/screenshots";
const VERA = { name: "Vera Lin", email: "vera@example.org" };

test.describe.configure({ mode: "serial" });

test("accounts: invited sign-up, sign-out, sign-in, wrong password, one-time link", async ({ browser, page }) => {
  // the administrator's header: name, Admin link, sign-out
  await page.goto("/");
  const account = page.getByRole("navigation", { name: "Account" });
  await expect(account.getByTestId("signed-in-as")).toHaveText(ADMIN.name);
  await expect(account.getByRole("link", { name: "Admin" })).toBeVisible();

  const link = await invite(page, VERA.email);
  await page.screenshot({ path: `${SHOTS}/admin-invite.png` });
  await expect(page.locator(`tr[data-invitation="${VERA.email}"]`)).toContainText("pending");

  // signing up through the link: the address is the invited one; then signed in, no projects
  const vera = await signUpInvited(browser, link, VERA);
  const p = await vera.newPage();
  await p.goto("/");
  await expect(p.getByTestId("signed-in-as")).toHaveText(VERA.name);
  await expect(p.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
  await expect(p.getByText("No projects yet")).toBeVisible();
  // not an administrator: the admin page does not exist for her
  expect((await p.goto("/admin/users"))!.status()).toBe(404);

  // sign out: the session is gone, pages lead to the sign-in page and come back afterwards
  await p.goto("/");
  await p.getByRole("button", { name: "Sign out" }).click();
  await expect(p).toHaveURL(/\/sign-in$/);
  await p.goto("/projects/new");
  await expect(p).toHaveURL(/\/sign-in\?next=%2Fprojects%2Fnew$/);
  const form = p.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(VERA.email);
  await form.getByLabel("Password").fill("not my password");
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(form.getByRole("alert")).toHaveText("Wrong email or password");
  await p.screenshot({ path: `${SHOTS}/sign-in-wrong-password.png` });
  await form.getByLabel("Password").fill(PASSWORD);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(p).toHaveURL(/\/projects\/new$/);
  await expect(p.getByTestId("signed-in-as")).toHaveText(VERA.name);
  await vera.close();

  // the link worked once; without a link there is no sign-up
  const stranger = await signedOut(browser);
  const s = await stranger.newPage();
  await s.goto(link);
  await expect(s.getByRole("alert").filter({ hasText: "This invitation link is no longer valid" })).toBeVisible();
  await s.goto("/sign-up");
  await expect(s.getByRole("alert").filter({ hasText: "Signing up needs an invitation" })).toBeVisible();
  // the API says the same
  const refused = await s.request.post("/api/auth/sign-up/email", {
    data: { name: "Mallory", email: "mallory@example.org", password: PASSWORD },
    headers: { origin: new URL(s.url()).origin },
  });
  expect(refused.status()).toBe(403);
  await stranger.close();

  await page.goto("/admin/users");
  await expect(page.locator(`tr[data-invitation="${VERA.email}"]`)).toContainText(`accepted by ${VERA.name}`);
  await expect(page.locator(`tr[data-user="${VERA.email}"]`)).toBeVisible();

  // administrators make other administrators, and take the role back; never their own
  const row = page.locator(`tr[data-user="${VERA.email}"]`);
  await expect(page.locator(`tr[data-user="${ADMIN.email}"]`).getByRole("button")).toHaveCount(0);
  await row.getByRole("button", { name: `Make ${VERA.name} an administrator` }).click();
  await expect(row.locator(".badge.role")).toHaveText("admin");
  await page.screenshot({ path: `${SHOTS}/admin-users.png` });
  await row.getByRole("button", { name: `Remove ${VERA.name} as administrator` }).click();
  await expect(row.locator(".badge.role")).toHaveCount(0);
  await expect(row.getByRole("button", { name: `Make ${VERA.name} an administrator` })).toBeVisible();
});

test("accounts: a viewer reads without edit controls, and the API refuses the viewer's edit", async ({ browser, page }) => {
  const demo = await demoProjectId(page);
  await addMember(page, demo, VERA.email, "viewer");

  const vera = await signedOut(browser);
  const v = await vera.newPage();
  await v.goto("/sign-in");
  const form = v.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(VERA.email);
  await form.getByLabel("Password").fill(PASSWORD);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(v.getByTestId("signed-in-as")).toHaveText(VERA.name);

  // the project page: read-only note, no "add" nor re-align; export is there
  await v.getByRole("link", { name: /Hongqi Town \(demo\)/ }).click();
  await expect(v.getByRole("note")).toContainText("Read-only");
  await expect(v.getByRole("link", { name: "Add a document pair" })).toHaveCount(0);
  await expect(v.getByRole("button", { name: "Re-align" })).toHaveCount(0);
  await v.getByRole("button", { name: "Export…" }).click();
  await expect(v.getByRole("form", { name: "Export" })).toBeVisible();
  await v.keyboard.press("Escape");

  // the review page: a clear notice, no edit controls, edit shortcuts do nothing
  await openDemoReview(v);
  await expect(v.getByTestId("read-only")).toContainText("Read-only");
  const row = v.locator('[data-pair-id][data-kind="pair"][data-status="automatic"]').first();
  await row.click();
  const inspector = v.getByRole("complementary", { name: "Selected pair" });
  await expect(inspector.getByRole("heading", { level: 2 })).toBeVisible();
  for (const name of [/^Confirm/, /^Flag/, /^Edit text/, /^Merge/, /^Split/, /^Undo/, "Re-align unconfirmed", "Exclude", "Dismiss"]) {
    await expect(v.getByRole("button", typeof name === "string" ? { name, exact: true } : { name })).toHaveCount(0);
  }
  await v.keyboard.press("c");
  await v.keyboard.press("f");
  await expect(v.getByRole("form", { name: "Add flag" })).toHaveCount(0);
  await expect(row).toHaveAttribute("data-status", "automatic");
  await v.screenshot({ path: `${SHOTS}/review-read-only.png` });

  // the API, with the viewer's own cookies: reading works, an edit is refused with 403
  const pairId = Number(await row.getAttribute("data-pair-id"));
  const origin = new URL(v.url()).origin;
  const read = await v.request.get(`/api/pairs/${pairId}`);
  expect(read.status()).toBe(200);
  const { version } = (await read.json()) as { version: number };
  const edit = await v.request.post(`/api/pairs/${pairId}`, { data: { op: "status", status: "confirmed", expectedVersion: version }, headers: { origin } });
  expect(edit.status()).toBe(403);
  expect((await edit.json()).error).toMatch(/Viewers can read and export/);
  const flag = await v.request.post(`/api/pairs/${pairId}`, {
    data: { op: "flag.add", category: "other", severity: "minor", note: "sneaky", expectedVersion: version },
    headers: { origin },
  });
  expect(flag.status()).toBe(403);
  // nothing changed
  expect(((await (await v.request.get(`/api/pairs/${pairId}`)).json()) as { version: number }).version).toBe(version);
  // signed out, the API answers 401
  const anonymous = await signedOut(browser);
  expect((await anonymous.request.get(`/api/pairs/${pairId}`)).status()).toBe(401);
  await anonymous.close();
  await vera.close();
});

test("accounts: an editor's change carries the editor's name in the history", async ({ browser, page }) => {
  // the owner (administrator) makes Vera an editor from the members page
  const demo = await demoProjectId(page);
  await page.goto(`/projects/${demo}/members`);
  const roleForm = page.getByRole("form", { name: `Role of ${VERA.name}` });
  await roleForm.getByRole("combobox").selectOption("editor");
  await roleForm.getByRole("button", { name: "Change" }).click();
  await expect(page.locator(`tr[data-member="${VERA.email}"]`).getByTestId("member-role")).toHaveText("editor");
  await page.screenshot({ path: `${SHOTS}/members.png` });

  const vera = await signedOut(browser);
  const v = await vera.newPage();
  await v.goto("/sign-in");
  const form = v.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(VERA.email);
  await form.getByLabel("Password").fill(PASSWORD);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(v.getByTestId("signed-in-as")).toHaveText(VERA.name);
  await openDemoReview(v);
  await expect(v.getByTestId("editor-name")).toHaveText(VERA.name);

  const row = v.locator('[data-pair-id][data-kind="pair"][data-status="automatic"]').first();
  await row.click();
  const pairId = await row.getAttribute("data-pair-id");
  await v.keyboard.press("f");
  const flagForm = v.getByRole("form", { name: "Add flag" });
  await flagForm.getByLabel("Category").selectOption("style");
  await flagForm.getByLabel("Severity").selectOption("minor");
  await flagForm.getByLabel("Note").fill("Vera's note");
  await flagForm.getByRole("button", { name: "Add flag" }).click();
  await expect(v.getByRole("status")).toContainText("Flagged pair");
  await vera.close();

  // the administrator sees who did it: in the flag and in the pair's history
  await openDemoReview(page);
  const same = page.locator(`[data-pair-id="${pairId}"]`);
  await same.click();
  const inspector = page.getByRole("complementary", { name: "Selected pair" });
  await expect(inspector.getByRole("region", { name: "Flags" })).toContainText(VERA.name);
  await inspector.getByText("History").click();
  await expect(inspector.getByRole("list").last()).toContainText(`${VERA.name} flagged style (minor)`);
  await page.screenshot({ path: `${SHOTS}/history-author.png` });
});

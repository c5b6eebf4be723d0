// Accounts for the browser tests. global-setup signs up the first account (ADMIN, the
// administrator; every spec runs as it by default); specs that need other people invite them
// through the admin page, let them sign up through the link, and add them to a project.
import path from "node:path";
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

export const ADMIN = { name: "Ada Lovelace", email: "ada@example.org", password: "analytical engine 1843" };
/** Set per run by playwright.config.ts (e2e/.auth/admin-PID.json). */
export const ADMIN_STATE = process.env.PARALLAX_E2E_ADMIN_STATE ?? path.join(__dirname, ".auth", "admin.json");
export const PASSWORD = "a long enough password";
export const VIEWPORT = { width: 1360, height: 900 };

/** Creates an invitation from the admin page (as the administrator) and returns its link. */
export async function invite(admin: Page, email: string): Promise<string> {
  await admin.goto("/admin/users");
  const form = admin.getByRole("form", { name: "Invite someone" });
  await form.getByLabel("Email").fill(email);
  await form.getByRole("button", { name: "Create an invitation link" }).click();
  const link = admin.getByTestId("invitation-link");
  await expect(link).toContainText("/sign-up?invite=");
  // the link names the server the admin page came from; keep only the path
  const url = new URL((await link.innerText()).trim());
  return `${url.pathname}${url.search}`;
}

/** A signed-out browser context. */
export function signedOut(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: VIEWPORT, storageState: { cookies: [], origins: [] } });
}

/** Signs up through an invitation link in a fresh context, through the page; returns that context. */
export async function signUpInvited(browser: Browser, link: string, who: { name: string; email: string }): Promise<BrowserContext> {
  const context = await signedOut(browser);
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
  const form = page.getByRole("form", { name: "Create your account" });
  await expect(form.getByLabel("Email")).toHaveValue(who.email);
  await form.getByLabel(/Your name/).fill(who.name);
  await form.getByLabel(/^Password \(/).fill(PASSWORD);
  await form.getByLabel("Password again").fill(PASSWORD);
  await form.getByRole("button", { name: "Create my account" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(who.name);
  await page.close();
  return context;
}

/** The demo project's id, from its link on the projects page. */
export async function demoProjectId(page: Page): Promise<number> {
  await page.goto("/");
  const href = await page.getByRole("link", { name: /Hongqi Town \(demo\)/ }).getAttribute("href");
  return Number(href!.split("/").pop());
}

/** Adds an account to a project with a role, from the project's members page (as an owner). */
export async function addMember(owner: Page, projectId: number, email: string, role: "viewer" | "editor" | "owner") {
  await owner.goto(`/projects/${projectId}/members`);
  const form = owner.getByRole("form", { name: "Add a member" });
  await form.getByLabel("Email of an existing account").fill(email);
  await form.getByLabel("Role").selectOption(role);
  await form.getByRole("button", { name: "Add member" }).click();
  await expect(form.getByRole("status")).toContainText(`as ${role}`);
  await expect(owner.locator(`tr[data-member="${email}"]`).getByTestId("member-role")).toHaveText(role);
}

/** Invites someone, lets them sign up and makes them a member of the demo project; returns their context. */
export async function demoMember(browser: Browser, admin: Page, who: { name: string; email: string; role: "viewer" | "editor" | "owner" }) {
  const link = await invite(admin, who.email);
  const context = await signUpInvited(browser, link, who);
  await addMember(admin, await demoProjectId(admin), who.email, who.role);
  return context;
}

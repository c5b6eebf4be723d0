// Hostile input end to end: script/markup payloads imported through the real import page stay
// literal text on the project and review pages (nothing runs, no dialog), every page carries a
// nonce CSP and hydrates without a CSP violation, oversize and malformed uploads get clear
// messages, and a cross-site POST from another origin's page is refused with 403.
import http from "node:http";
import { expect, test, type ConsoleMessage, type Page } from "@playwright/test";

const SHOTS = "e2e/screenshots";

const PAYLOADS = [
  "<script>window.__xss=1</script>",
  '<img src=x onerror="window.__xss=1;alert(1)">',
  '"><svg onload="window.__xss=1;alert(1)">',
  "<iframe src=\"javascript:window.__xss=1\"></iframe>",
];

const EN = [
  "The city council met on Monday to discuss the new riverside park.",
  `Residents wrote ${PAYLOADS[0]} in their comments on the plan.`,
  `Another comment said ${PAYLOADS[1]} without giving any reason.`,
  `A third one ended with ${PAYLOADS[2]} and nothing else.`,
  `The last comment only contained ${PAYLOADS[3]} as its text.`,
  "The vote passed with a large majority and work starts in spring.",
].join(" ");

const ZH = [
  "市议会周一开会，讨论新建滨江公园的计划。",
  `居民在对该计划的评论中写了${PAYLOADS[0]}。`,
  `另一条评论写着${PAYLOADS[1]}，没有给出任何理由。`,
  `第三条评论以${PAYLOADS[2]}结尾，别无其他内容。`,
  `最后一条评论的正文只有${PAYLOADS[3]}。`,
  "投票以压倒性多数通过，工程将于明年春天开工。",
].join("");

/** Records what would show that something ran or was blocked. */
function watch(page: Page) {
  const dialogs: string[] = [];
  const cspErrors: string[] = [];
  const pageErrors: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("console", (m: ConsoleMessage) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(m.text())) cspErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => pageErrors.push(e.message));
  return { dialogs, cspErrors, pageErrors };
}

async function expectNothingRan(page: Page, seen: ReturnType<typeof watch>) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  // None of the payloads became an element.
  expect(await page.locator('img[src="x"], svg[onload], iframe, [onerror], [onload]').count()).toBe(0);
  expect(seen.dialogs).toEqual([]);
  expect(seen.cspErrors).toEqual([]);
  expect(seen.pageErrors).toEqual([]);
}

test("script and markup in imported texts stay literal text and nothing runs", async ({ page }) => {
  const seen = watch(page);
  const res = await page.goto("/projects/new");
  // The page response carries a nonce CSP, and Next.js put that nonce on its scripts.
  const csp = res!.headers()["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  // Every script tag in the served HTML carries it (chunks the runtime loads later need none:
  // 'strict-dynamic' trusts scripts added by trusted scripts).
  const tags = (await res!.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(tags.length).toBeGreaterThan(0);
  expect(tags.filter((t) => !t.includes(`nonce="${nonce}"`))).toEqual([]);
  expect(res!.headers()["x-content-type-options"]).toBe("nosniff");
  expect(res!.headers()["x-frame-options"]).toBe("DENY");
  expect(res!.headers()["referrer-policy"]).toBe("same-origin");
  expect(res!.headers()["cross-origin-opener-policy"]).toBe("same-origin");
  expect(res!.headers()["permissions-policy"]).toContain("camera=()");
  expect(res!.headers()["strict-transport-security"]).toBeUndefined(); // plain http here

  // English pasted, Chinese uploaded as a .txt file: both import paths.
  const form = page.getByRole("form", { name: "Import and align two texts" });
  await form.getByLabel("Project name").fill(`XSS probe ${PAYLOADS[0]}`);
  await form.getByLabel("Title").fill(`Payloads ${PAYLOADS[1]}`);
  await form.getByLabel("Alignment").selectOption("parallel");
  await form.getByLabel("English text").fill(EN);
  await form.getByLabel("Chinese file").setInputFiles({ name: "payloads.zh.txt", mimeType: "text/plain", buffer: Buffer.from(ZH, "utf8") });
  await form.getByRole("button", { name: "Import and align" }).click();
  await page.waitForURL(/\/projects\/\d+\/bitexts\/\d+/, { timeout: 60_000 });
  const [, projectId] = /\/projects\/(\d+)\//.exec(page.url())!;

  // Review page: every payload is shown as the characters the user typed.
  await expect(page.locator("[data-pair-id]").first()).toBeVisible();
  for (const p of PAYLOADS) {
    await expect(page.locator('[data-side="en"]', { hasText: p }).first()).toBeVisible();
    await expect(page.locator('[data-side="zh"]', { hasText: p }).first()).toBeVisible();
  }
  await expect(page.getByText(`Payloads ${PAYLOADS[1]}`).first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/hardening-review.png`, fullPage: false });
  await expectNothingRan(page, seen);

  // Project page: the names, literally (the pairs themselves are on the review page only).
  const projectRes = await page.goto(`/projects/${projectId}`);
  expect(projectRes!.headers()["content-security-policy"]).toContain("'strict-dynamic'");
  await expect(page.getByRole("heading", { name: `XSS probe ${PAYLOADS[0]}` })).toBeVisible();
  const list = page.getByRole("region", { name: "Document pairs", exact: true });
  await expect(list.getByRole("link", { name: `Payloads ${PAYLOADS[1]}`, exact: true })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/hardening-project.png`, fullPage: true });
  await expectNothingRan(page, seen);

  // The project list shows the name as text too.
  await page.goto("/");
  await expect(page.getByRole("link", { name: new RegExp(`XSS probe ${PAYLOADS[0].replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`) })).toBeVisible();
  await expectNothingRan(page, seen);
});

test("every page has a nonce CSP and hydrates without a CSP violation", async ({ page }) => {
  const seen = watch(page);
  await page.goto("/");
  await page.getByRole("link", { name: /Hongqi Town \(demo\)/ }).click();
  await expect(page.getByRole("heading", { name: "Hongqi Town (demo)" })).toBeVisible();
  const projectUrl = page.url();
  // Client components work: the review workspace loads its rows through fetch.
  await page.getByRole("link", { name: "Review →" }).click();
  await expect(page.locator("[data-pair-id][data-kind]").first()).toBeVisible();
  const pages = [projectUrl, `${projectUrl}/report`, `${projectUrl}/glossary`, `${projectUrl}/members`, `${projectUrl}/add`, "/admin/users", "/projects/new"];
  for (const path of pages) {
    const res = await page.goto(path);
    expect(res!.status(), path).toBe(200);
    expect(res!.headers()["content-security-policy"], path).toMatch(/'nonce-[^']+' 'strict-dynamic'/);
    await page.waitForLoadState("networkidle");
  }
  // A client component reacts to input (hydrated): choosing a file disables the paste box.
  const form = page.getByRole("form", { name: "Import and align two texts" });
  await form.getByLabel("English file").setInputFiles({ name: "a.txt", mimeType: "text/plain", buffer: Buffer.from("Hello.") });
  await expect(form.getByLabel("English text")).toBeDisabled();
  // Unknown pages too (the not-found page is rendered per request as well).
  const missing = await page.goto("/no-such-page");
  expect(missing!.status()).toBe(404);
  expect(missing!.headers()["content-security-policy"]).toContain("'strict-dynamic'");
  expect(missing!.headers()["x-content-type-options"]).toBe("nosniff");
  expect(missing!.headers()["x-frame-options"]).toBe("DENY");
  await page.waitForLoadState("networkidle");
  // hashed static files carry the security headers too (the proxy does not run for them)
  const script = await page.locator("script[src^='/_next/static/']").first().getAttribute("src");
  const asset = await page.request.get(script!);
  expect(asset.status()).toBe(200);
  for (const [k, v] of Object.entries({ "x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "same-origin", "cross-origin-resource-policy": "same-origin" })) {
    expect(asset.headers()[k], k).toBe(v);
  }
  expect(asset.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(seen.cspErrors).toEqual([]);
  expect(seen.pageErrors).toEqual([]);
});

test("the sign-in page has the CSP and hydrates without a violation when signed out", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const seen = watch(page);
  const res = await page.goto("/sign-in");
  expect(res!.status()).toBe(200);
  expect(res!.headers()["content-security-policy"]).toMatch(/'nonce-[^']+' 'strict-dynamic'/);
  await page.waitForLoadState("networkidle");
  // A signed-out visit elsewhere is sent to sign in, with the same headers.
  const redirected = await page.goto("/projects/new");
  expect(new URL(page.url()).pathname).toBe("/sign-in");
  expect(redirected!.headers()["content-security-policy"]).toContain("'strict-dynamic'");
  await page.waitForLoadState("networkidle");
  expect(seen.cspErrors).toEqual([]);
  expect(seen.pageErrors).toEqual([]);
  await context.close();
});

test("oversize and malformed uploads are refused with clear messages", async ({ page, request, baseURL }) => {
  await page.goto("/projects/new");
  const form = page.getByRole("form", { name: "Import and align two texts" });
  await form.getByLabel("Project name").fill("Oversize probe");
  await form.getByLabel("Title").fill("Too big");
  await form.getByLabel("English file").setInputFiles({ name: "big.txt", mimeType: "text/plain", buffer: Buffer.alloc(21 * 1024 * 1024, "a") });
  await form.getByLabel("Chinese text").fill("红旗小镇正式启动。");
  await form.getByRole("button", { name: "Import and align" }).click();
  await expect(page.locator(".import-form [role=alert]")).toHaveText("big.txt is 21 MB; the limit is 20 MB per file");
  await page.screenshot({ path: `${SHOTS}/hardening-oversize.png`, fullPage: false });

  // A malformed TMX through the alignment import form: the message names line and column.
  const aligned = page.getByRole("form", { name: "Import an existing alignment" });
  await aligned.getByLabel("Project name").fill("Malformed probe");
  await aligned.getByLabel("Title").fill("Broken TMX");
  const tmx = '<?xml version="1.0"?>\n<tmx version="1.4">\n<header/>\n<body>\n<tu><tuv xml:lang="en"><seg>a</tuv></tu>\n</body></tmx>\n';
  await aligned.getByLabel("Alignment files").setInputFiles({ name: "broken.tmx", mimeType: "application/xml", buffer: Buffer.from(tmx) });
  await aligned.getByRole("button", { name: "Import alignment" }).click();
  await expect(aligned.getByRole("alert")).toContainText(/^TMX broken\.tmx, line 5, column \d+: malformed XML/);
  await aligned.screenshot({ path: `${SHOTS}/hardening-malformed-tmx.png` });

  // An entity-expansion TMX through the API: refused, naming the reason.
  const lol = '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>&b;</seg></tuv><tuv xml:lang="zh"><seg>甲</seg></tuv></tu></body></tmx>';
  const bomb = await request.post("/api/import/aligned", {
    multipart: { projectName: "Entity probe", title: "Laughs", files: { name: "laughs.tmx", mimeType: "application/xml", buffer: Buffer.from(lol) } },
  });
  expect(bomb.status()).toBe(400);
  expect((await bomb.json()).error).toMatch(/entity declarations are not accepted/);

  // A body over the per-request limit, refused by proxy.ts on its declared size.
  const tooBig = await postRaw(baseURL!, "/api/import", 70 * 1024 * 1024);
  expect(tooBig.status).toBe(413);
  expect(JSON.parse(tooBig.body).error).toBe("The request is 70 MB; the limit is 64 MB per request");

  // Nothing was created by any of these.
  await page.goto("/");
  for (const name of ["Oversize probe", "Malformed probe", "Entity probe"]) await expect(page.getByText(name)).toHaveCount(0);
});

test("too many files in one import are refused", async ({ request }) => {
  const file = (name: string) => ({ name, mimeType: "text/xml", buffer: Buffer.from("<text/>") });
  // Playwright's multipart takes one value per key; build the four-file form by hand.
  const fd = new FormData();
  fd.set("projectName", "Count probe");
  fd.set("title", "Four files");
  for (const n of ["a.xml", "b.xml", "c.xml", "d.xml"]) fd.append("files", new Blob([file(n).buffer], { type: "text/xml" }), n);
  const res = await request.post("/api/import/aligned", { multipart: fd });
  expect(res.status()).toBe(413);
  expect((await res.json()).error).toBe("Alignment files: at most 3 files");
});

test("a cross-site POST is refused with 403", async ({ page, request, baseURL }) => {
  // A page on another site auto-submits a form to the import endpoint: the browser sends
  // Origin: http://evil.example and Sec-Fetch-Site: cross-site.
  await page.route("http://evil.example/**", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><form id=f method=post enctype="multipart/form-data" action="${baseURL}/api/import">
        <input name=projectName value="CSRF probe"><input name=title value=t>
        <textarea name=enText>The city council met on Monday.</textarea><textarea name=zhText>市议会周一开会。</textarea></form>
        <script>document.getElementById("f").submit()</script>`,
    }),
  );
  const answered = page.waitForResponse((r) => r.url().startsWith(`${baseURL}/api/import`));
  await page.goto("http://evil.example/attack");
  const res = await answered;
  expect(res.status()).toBe(403);
  expect((await res.json()).error).toMatch(/^Refused a cross-site request/);
  await page.screenshot({ path: `${SHOTS}/hardening-csrf.png`, fullPage: false });

  // The same from a non-browser client that sets a foreign Origin, for other methods too.
  const post = await request.post("/api/import", { headers: { Origin: "http://evil.example" }, multipart: { projectName: "CSRF probe", title: "t" } });
  expect(post.status()).toBe(403);
  expect(await post.json()).toEqual({ error: expect.stringContaining("it came from http://evil.example, not from Parallax"), code: "cross-site" });
  const del = await request.delete("/api/projects/1/glossary/1", { headers: { Origin: "http://evil.example" } });
  expect(del.status()).toBe(403);
  const fetchSite = await request.post("/api/bitexts/1/undo", { headers: { "Sec-Fetch-Site": "cross-site" } });
  expect(fetchSite.status()).toBe(403);
  // A same-origin request passes the check (it fails later, on its content).
  const same = await request.post("/api/import", { headers: { Origin: baseURL! }, multipart: { title: "t" } });
  expect(same.status()).not.toBe(403);

  await page.goto("/");
  await expect(page.getByText("CSRF probe")).toHaveCount(0);
});

/** POST `size` bytes with an honest Content-Length through plain node:http. */
function postRaw(base: string, path: string, size: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, base), {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(size) },
    });
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let left = size;
    const write = () => {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once("drain", write);
      }
      req.end();
    };
    write();
  });
}

test("holes the abuse test found stay closed: redirects, scheme, forged forwarding, server-action size, bad ids", async ({ page, request, baseURL }) => {
  // after sign-in, ?next= never leads to another host (a tab or line break in it used to)
  for (const next of ["/\t/evil.example", "/\n/evil.example", "//evil.example", "/\\evil.example"]) {
    const res = await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
    expect(res!.status(), JSON.stringify(next)).toBe(200);
    expect(new URL(page.url()).host, JSON.stringify(next)).toBe(new URL(baseURL!).host);
  }
  // the CSRF check compares scheme and port too, and believes no X-Forwarded-Host from a client
  const https = await request.post("/api/import", { headers: { Origin: baseURL!.replace(/^http:/, "https:") }, multipart: { title: "t" } });
  expect(https.status()).toBe(403);
  const forged = await request.post("/api/import", { headers: { Origin: "http://evil.example", "X-Forwarded-Host": "evil.example" }, multipart: { title: "t" } });
  expect(forged.status()).toBe(403);
  // a server-action body over Next.js's 1 MB is a 413 with a message, not a 500
  const action = await request.post("/admin/users", { headers: { "next-action": "0".repeat(40), "content-type": "text/plain;charset=UTF-8" }, data: "x".repeat(1_500_000) });
  expect(action.status()).toBe(413);
  expect((await action.json()).error).toBe("A form may send at most 1 MB");
  // ids past the database's integers are a 400, not a 500
  const ids = await request.get("/api/bitexts/1/pairs/rows?ids=99999999999999999999");
  expect(ids.status()).toBe(400);
  expect((await request.get("/api/bitexts/99999999999999999999/pairs/rows?ids=1")).status()).toBe(400);
});

// Authorization of every route handler, enumerated from the code: each route.ts under app/api is
// imported, each exported handler must come from route() (so it checks the session and the role
// before anything else), and it is called for real, on a temporary database with real accounts
// and sessions, as someone who is no member of the project its ids belong to (404: the project's
// existence is not revealed) and as a viewer where it needs an editor (403). Nothing may change.
// A new route without a check, or one that forgets its role, fails here. Server actions: every
// exported function of a "use server" file must run through app/action-kit.ts (zod first).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Auth } from "@/lib/auth/auth";
import type { Db } from "@/lib/db/client";

const state = vi.hoisted(() => ({ cookie: "", auth: null as unknown as Auth, db: null as unknown as Db }));
vi.mock("@/lib/auth/session", async () => {
  const g = await import("@/lib/auth/guard");
  const guards = g.createGuards({ auth: async () => state.auth, db: () => state.db, headers: async () => new Headers(state.cookie ? { cookie: state.cookie } : {}) });
  return { ...g, ...guards, safeNext: (x: string) => x };
});
vi.mock("@/lib/db/client", async (actual) => ({ ...(await actual<typeof import("@/lib/db/client")>()), getDb: () => state.db }));

const { createAuth } = await import("@/lib/auth/auth");
const { tempDatabase, testDatabaseKind } = await import("@/tests/db/test-db");
const { createInvitation } = await import("@/lib/db/invitations");
const { importAlignedCorpus } = await import("@/lib/db/import-aligned");
const { enqueueJob } = await import("@/lib/db/jobs");
const { addGlossaryTerm } = await import("@/lib/db/glossary");

const ORIGIN = "http://app.test";
const API = path.join(process.cwd(), "app", "api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Handler = ((req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>) & {
  routeSpec?: { scope: string; role: "viewer" | "editor" | "owner" | null };
};

function routeFiles(dir = API): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? routeFiles(p) : e.name === "route.ts" ? [p] : [];
  });
}

/** Better Auth's own endpoints: it checks its sessions itself (lib/auth/auth.test.ts). */
const isAuthRoute = (file: string) => file.includes(`${path.sep}auth${path.sep}[...all]`);

async function signUp(auth: Auth, body: object): Promise<string> {
  const res = await auth.handler(
    new Request(`${ORIGIN}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, "x-forwarded-for": `198.51.100.${crypto.randomInt(1, 250)}` },
      body: JSON.stringify(body),
    }),
  );
  const set = res.headers.getSetCookie().find((c) => c.startsWith("parallax.session_token="));
  if (!set) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  return set.split(";")[0];
}

describe("authorization of every route handler", () => {
  const t = tempDatabase("authorization");
  const cookies = { outsider: "", viewer: "" };
  /** ids of project B's things, by route parameter */
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    state.db = t.db;
    state.auth = createAuth(t.db, {
      secret: crypto.randomBytes(32).toString("base64url"),
      baseURL: ORIGIN,
      trustedOrigins: [ORIGIN],
      secureCookies: false,
      trustedProxies: [],
      provider: testDatabaseKind,
    });
    const password = "violet harbour lanterns";
    await signUp(state.auth, { name: "Admin", email: "admin@example.org", password }); // the first account: administrator, acts as owner everywhere
    const admin = await t.db.user.findUniqueOrThrow({ where: { email: "admin@example.org" } });
    for (const who of ["outsider", "viewer"] as const) {
      const { token } = await createInvitation(t.db, { email: `${who}@example.org`, invitedById: admin.id });
      cookies[who] = await signUp(state.auth, { name: who, email: `${who}@example.org`, password, inviteToken: token });
    }
    const outsider = await t.db.user.findUniqueOrThrow({ where: { email: "outsider@example.org" } });
    const viewer = await t.db.user.findUniqueOrThrow({ where: { email: "viewer@example.org" } });
    const a = await t.db.project.create({ data: { name: "A" } });
    await t.db.projectMember.create({ data: { projectId: a.id, userId: outsider.id, role: "owner" } });
    const pairs = ["The town opened a museum.", "It has two streets.", "Visitors came."].map((en, i) => ({ position: i, en: [{ text: en }], zh: [{ text: ["小镇开了一座博物馆。", "它有两条街。", "游客来了。"][i] }] }));
    const b = await importAlignedCorpus(t.db, { projectName: "B", title: "Report", mode: "parallel" }, pairs, "b.tsv", admin.id);
    await t.db.projectMember.create({ data: { projectId: b.projectId, userId: viewer.id, role: "viewer" } });
    ids.projectId = b.projectId;
    ids.bitextId = b.bitextId;
    ids.pairId = (await t.db.alignmentPair.findFirstOrThrow({ where: { bitextId: b.bitextId } })).id;
    ids.jobId = (await enqueueJob(t.db, { type: "checks", bitextId: b.bitextId, createdById: admin.id })).id;
    ids.termId = (await addGlossaryTerm(t.db, b.projectId, { en: "museum", zh: "博物馆" })).id;
  });
  afterAll(async () => {
    await t.close();
  });

  /** What can change: counted before and after the calls. */
  const snapshot = async () =>
    Promise.all([t.db.auditLog.count(), t.db.alignmentPair.count(), t.db.flag.count(), t.db.job.count(), t.db.glossaryTerm.count(), t.db.project.count(), t.db.sentence.count()]);

  async function call(file: string, method: string, handler: Handler, who: keyof typeof cookies): Promise<Response> {
    state.cookie = cookies[who];
    const rel = path.relative(API, path.dirname(file));
    const params = Object.fromEntries([...rel.matchAll(/\[(\w+)\]/g)].map(([, name]) => [name, String(ids[name])]));
    const url = `${ORIGIN}/api/${rel.replace(/\[(\w+)\]/g, (_, name: string) => String(ids[name]))}`;
    const body = method === "GET" ? undefined : JSON.stringify({});
    return handler(new Request(url, { method, body, headers: { "content-type": "application/json" } }), { params: Promise.resolve(params) });
  }

  const handlers = routeFiles()
    .filter((f) => !isAuthRoute(f))
    .flatMap((file) => METHODS.map((method) => ({ file, method })));

  it("finds the route handlers", () => {
    expect(routeFiles().length).toBeGreaterThanOrEqual(20);
  });

  it("every handler is made by route(), which checks the session and role first", async () => {
    const missing: string[] = [];
    for (const { file, method } of handlers) {
      const handler = ((await import(file)) as Record<string, Handler>)[method];
      if (handler && !handler.routeSpec) missing.push(`${method} ${path.relative(API, file)}`);
    }
    expect(missing).toEqual([]);
  });

  it("someone who is no member of the project gets 404 from every handler of its ids, and nothing changes", async () => {
    const before = await snapshot();
    const wrong: string[] = [];
    let checked = 0;
    for (const { file, method } of handlers) {
      const handler = ((await import(file)) as Record<string, Handler>)[method];
      if (!handler?.routeSpec || handler.routeSpec.scope === "user") continue;
      checked++;
      const res = await call(file, method, handler, "outsider");
      if (res.status !== 404) wrong.push(`${method} ${path.relative(API, file)}: ${res.status} ${await res.text()}`);
    }
    expect(checked).toBeGreaterThanOrEqual(25);
    expect(wrong).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it("a viewer is refused (403) every handler that needs an editor or owner, and nothing changes", async () => {
    const before = await snapshot();
    const wrong: string[] = [];
    let checked = 0;
    for (const { file, method } of handlers) {
      const handler = ((await import(file)) as Record<string, Handler>)[method];
      const role = handler?.routeSpec?.role;
      if (!role || role === "viewer") continue;
      checked++;
      const res = await call(file, method, handler, "viewer");
      if (res.status !== 403) wrong.push(`${method} ${path.relative(API, file)}: ${res.status} ${await res.text()}`);
    }
    expect(checked).toBeGreaterThanOrEqual(8);
    expect(wrong).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it("changes need an editor: only presence, export and reads are open to viewers", async () => {
    const open: string[] = [];
    for (const { file, method } of handlers) {
      const handler = ((await import(file)) as Record<string, Handler>)[method];
      if (method !== "GET" && handler?.routeSpec?.role === "viewer") open.push(`${method} ${path.relative(API, file)}`);
    }
    expect(open.sort()).toEqual(["POST bitexts/[bitextId]/presence/route.ts", "POST projects/[projectId]/export/route.ts"]);
  });
});

describe("server actions", () => {
  const files = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === "api" ? [] : files(p);
      return /\.tsx?$/.test(e.name) && /^["']use server["']/m.test(fs.readFileSync(p, "utf8")) ? [p] : [];
    });

  it("every exported server action validates its arguments through runAction (zod) before it does anything", () => {
    const found = files(path.join(process.cwd(), "app"));
    expect(found.length).toBeGreaterThanOrEqual(3);
    const unchecked: string[] = [];
    for (const file of found) {
      const source = fs.readFileSync(file, "utf8");
      for (const m of source.matchAll(/export async function (\w+)\(([^)]*)\)[^{]*\{\n([^\n]*)/g)) {
        const [, name, params, firstLine] = m;
        // no arguments: nothing to validate (sign-out)
        if (params.trim() === "") continue;
        if (!/^\s*return runAction\(/.test(firstLine)) unchecked.push(`${path.relative(process.cwd(), file)}: ${name}`);
      }
    }
    expect(unchecked).toEqual([]);
  });
});

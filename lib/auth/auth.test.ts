// Accounts end to end through Better Auth's real HTTP handler on a temporary database:
// first account, invitations, sign-in / sign-out, cookies, the guards' role rules,
// membership rules, author attribution, and rate limits shared by two app instances.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDatabase, testDatabaseKind, type TempDatabase } from "../../tests/db/test-db";
import { acceptInvitation, createInvitation, InvitationError, listInvitations, revokeInvitation } from "../db/invitations";
import { MemberError, addMember, changeMemberRole, listMembers, removeMember } from "../db/members";
import { NotFoundError, addFlag, getPairDetail } from "../db/review";
import { needsFirstAccount, setAdmin } from "../db/users";
import { createAuth, RATE_LIMITS, type Auth, type AuthSettings } from "./auth";
import { AuthRequiredError, ForbiddenError, createGuards } from "./guard";

const ORIGIN = "http://localhost:3000";
const PASSWORD = "correct horse battery";

function settings(over: Partial<AuthSettings> = {}): AuthSettings {
  return {
    secret: crypto.randomBytes(32).toString("base64url"),
    baseURL: ORIGIN,
    trustedOrigins: [ORIGIN],
    secureCookies: false,
    trustedProxies: [],
    provider: testDatabaseKind,
    ...over,
  };
}

let ipCounter = 0;
/** A fresh client address per call, so that the rate limits only bite where a test wants them. */
const freshIp = () => `198.51.100.${(ipCounter++ % 250) + 1}`;

async function post(auth: Auth, path: string, body: object, opts: { ip?: string; cookie?: string } = {}) {
  const res = await auth.handler(
    new Request(`${ORIGIN}/api/auth${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: ORIGIN,
        "x-forwarded-for": opts.ip ?? freshIp(),
        ...(opts.cookie ? { cookie: opts.cookie } : {}),
      },
      body: JSON.stringify(body),
    }),
  );
  const data = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
  return { res, data };
}

/** The session cookie a response sets, as a Cookie header value. */
function sessionCookie(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => c.startsWith("parallax.session_token="));
  if (!set) throw new Error(`no session cookie in ${res.status} ${JSON.stringify(res.headers.getSetCookie())}`);
  return set.split(";")[0];
}

describe("accounts", () => {
  let t: TempDatabase;
  let auth: Auth;
  const guardsFor = (cookie: string | null) =>
    createGuards({ auth: async () => auth, db: () => t.db, headers: async () => new Headers(cookie ? { cookie } : {}) });
  let adminCookie = "";
  let demoId = 0;

  beforeAll(async () => {
    t = tempDatabase("auth");
    auth = createAuth(t.db, settings());
    demoId = (await t.db.project.create({ data: { name: "Demo", isDemo: true } })).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it("refuses to start without a real secret", () => {
    expect(() => createAuth(t.db, settings({ secret: "" }))).toThrow(/at least 32 characters/);
    expect(() => createAuth(t.db, settings({ secret: "short" }))).toThrow(/at least 32 characters/);
  });

  it("the first sign-up needs no invitation and becomes the administrator and owner of the demo", async () => {
    expect(await needsFirstAccount(t.db)).toBe(true);
    const { res, data } = await post(auth, "/sign-up/email", { name: "  Ada Lovelace ", email: "Ada@Example.org", password: PASSWORD });
    expect(res.status, JSON.stringify(data)).toBe(200);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith("parallax.session_token="))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i); // http://localhost: no Secure flag
    adminCookie = sessionCookie(res);

    const ada = await t.db.user.findUniqueOrThrow({ where: { email: "ada@example.org" }, include: { accounts: true, memberships: true } });
    expect(ada.name).toBe("Ada Lovelace"); // trimmed by the sign-up gate
    expect(ada.isAdmin).toBe(true);
    expect(ada.memberships).toEqual([expect.objectContaining({ projectId: demoId, role: "owner" })]);
    // the password is stored as a scrypt hash, never as given
    expect(ada.accounts).toHaveLength(1);
    expect(ada.accounts[0].providerId).toBe("credential");
    expect(ada.accounts[0].password).toMatch(/^[0-9a-f]+:[0-9a-f]+$/);
    expect(ada.accounts[0].password).not.toContain(PASSWORD);
    expect(await needsFirstAccount(t.db)).toBe(false);

    const me = await guardsFor(adminCookie).requireUser();
    expect(me).toEqual({ id: ada.id, name: "Ada Lovelace", email: "ada@example.org", isAdmin: true });
  });

  it("after the first account, signing up needs an invitation for that very email", async () => {
    const before = await t.db.user.count();
    const none = await post(auth, "/sign-up/email", { name: "Mallory", email: "mallory@example.org", password: PASSWORD });
    expect(none.res.status).toBe(403);
    expect(none.data?.message).toMatch(/needs an invitation/);
    // isAdmin cannot be smuggled in either
    const smuggled = await post(auth, "/sign-up/email", { name: "Mallory", email: "mallory@example.org", password: PASSWORD, isAdmin: true, inviteToken: "x".repeat(43) });
    expect(smuggled.res.status).toBe(403);
    expect(await t.db.user.count()).toBe(before);

    const adminId = (await guardsFor(adminCookie).requireUser()).id;
    const { token } = await createInvitation(t.db, { email: "bo@example.org", invitedById: adminId });
    const stored = await t.db.invitation.findFirstOrThrow({ where: { email: "bo@example.org" } });
    expect(stored.tokenHash).not.toBe(token);
    expect(stored.tokenHash).toBe(crypto.createHash("sha256").update(token).digest("hex"));

    const wrongEmail = await post(auth, "/sign-up/email", { name: "Bo", email: "someone@example.org", password: PASSWORD, inviteToken: token });
    expect(wrongEmail.res.status).toBe(403);
    expect(wrongEmail.data?.message).toMatch(/for bo@example.org/);

    const ok = await post(auth, "/sign-up/email", { name: "Bo", email: "bo@example.org", password: PASSWORD, inviteToken: token });
    expect(ok.res.status, JSON.stringify(ok.data)).toBe(200);
    const bo = await t.db.user.findUniqueOrThrow({ where: { email: "bo@example.org" } });
    expect(bo.isAdmin).toBe(false);
    const [inv] = await listInvitations(t.db);
    expect(inv).toMatchObject({ email: "bo@example.org", status: "accepted", acceptedBy: "Bo" });

    // a used link does not work twice
    const again = await post(auth, "/sign-up/email", { name: "Bo 2", email: "bo@example.org", password: PASSWORD, inviteToken: token });
    expect(again.res.status).toBe(403);
  });

  it("invitations: one pending per address, revocable, expiring, refused for existing accounts", async () => {
    const adminId = (await guardsFor(adminCookie).requireUser()).id;
    await expect(createInvitation(t.db, { email: "not-an-email", invitedById: adminId })).rejects.toThrow(InvitationError);
    await expect(createInvitation(t.db, { email: "ADA@example.org", invitedById: adminId })).rejects.toThrow(/has an account already/);
    const first = await createInvitation(t.db, { email: "cy@example.org", invitedById: adminId });
    const second = await createInvitation(t.db, { email: "cy@example.org", invitedById: adminId });
    const rows = (await listInvitations(t.db)).filter((i) => i.email === "cy@example.org");
    expect(rows.map((r) => r.status).sort()).toEqual(["pending", "revoked"]);
    // the replaced link is dead, the new one is revocable
    expect((await post(auth, "/sign-up/email", { name: "Cy", email: "cy@example.org", password: PASSWORD, inviteToken: first.token })).res.status).toBe(403);
    // an id is a number, never a filter: {"gt": 0} from a caller revoked every pending invitation
    await expect(revokeInvitation(t.db, { gt: 0 } as never)).rejects.toThrow(InvitationError);
    expect((await listInvitations(t.db)).filter((i) => i.status === "pending").length).toBeGreaterThan(0);
    expect(await revokeInvitation(t.db, second.invitation.id)).toBe(true);
    expect((await post(auth, "/sign-up/email", { name: "Cy", email: "cy@example.org", password: PASSWORD, inviteToken: second.token })).res.status).toBe(403);
    // expiry: accepted only before expiresAt
    const old = await createInvitation(t.db, { email: "dee@example.org", invitedById: adminId, now: new Date(Date.now() - 8 * 86_400_000) });
    expect(await acceptInvitation(t.db, { token: old.token, email: "dee@example.org", userId: adminId })).toBe(false);
    expect((await listInvitations(t.db)).find((i) => i.email === "dee@example.org")?.status).toBe("expired");
  });

  it("sign-in says when the password is wrong; sign-out ends the session", async () => {
    const wrong = await post(auth, "/sign-in/email", { email: "bo@example.org", password: "not the password" });
    expect(wrong.res.status).toBe(401);
    expect(wrong.data?.code).toBe("INVALID_EMAIL_OR_PASSWORD");
    const ok = await post(auth, "/sign-in/email", { email: "bo@example.org", password: PASSWORD });
    expect(ok.res.status).toBe(200);
    const cookie = sessionCookie(ok.res);
    expect((await guardsFor(cookie).getSessionUser())?.name).toBe("Bo");

    // no profile edits through Better Auth's own endpoint: names in the history mean one person
    const rename = await post(auth, "/update-user", { name: "Ada Lovelace" }, { cookie });
    expect(rename.res.status).toBe(404);
    expect((await guardsFor(cookie).getSessionUser())?.name).toBe("Bo");

    const out = await post(auth, "/sign-out", {}, { cookie });
    expect(out.res.status).toBe(200);
    expect(await guardsFor(cookie).getSessionUser()).toBeNull();
    await expect(guardsFor(cookie).requireUser()).rejects.toThrow(AuthRequiredError);
    await expect(guardsFor(null).requireUser()).rejects.toThrow(AuthRequiredError);
  });

  it("roles: viewers read, editors edit, owners manage; non-members learn nothing; admins act as owners", async () => {
    const db = t.db;
    const bo = await db.user.findUniqueOrThrow({ where: { email: "bo@example.org" } });
    const project = await db.project.create({ data: { name: "Reports" } });
    const bitext = await db.bitext.create({
      data: {
        projectId: project.id,
        title: "Report 1",
        documents: { create: [{ lang: "en", title: "en", originalText: "" }, { lang: "zh", title: "zh", originalText: "" }] },
      },
    });
    const pair = await db.alignmentPair.create({ data: { bitextId: bitext.id, position: 0 } });
    await db.projectMember.create({ data: { projectId: project.id, userId: bo.id, role: "viewer" } });
    const boCookie = sessionCookie((await post(auth, "/sign-in/email", { email: "bo@example.org", password: PASSWORD })).res);
    const asBo = guardsFor(boCookie);

    const access = await asBo.requireProjectRole(project.id, "viewer");
    expect(access).toMatchObject({ role: "viewer", canEdit: false, canManage: false });
    await expect(asBo.requireProjectRole(project.id, "editor")).rejects.toThrow(ForbiddenError);
    await expect(asBo.requireBitextRole(bitext.id, "editor")).rejects.toThrow(/Viewers can read and export/);
    await expect(asBo.requirePairRole(pair.id, "editor")).rejects.toThrow(ForbiddenError);
    expect((await asBo.requirePairRole(pair.id, "viewer")).bitextId).toBe(bitext.id);

    // a project Bo is no member of looks exactly like one that does not exist
    const other = await db.project.create({ data: { name: "Secret" } });
    const otherBitext = await db.bitext.create({ data: { projectId: other.id, title: "Secret report" } });
    const hidden = await asBo.requireBitextRole(otherBitext.id, "viewer").catch((e: Error) => e);
    const missing = await asBo.requireBitextRole(999_999, "viewer").catch((e: Error) => e);
    expect(hidden).toBeInstanceOf(NotFoundError);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((hidden as Error).message).toBe(`Document pair ${otherBitext.id} does not exist`);
    await expect(asBo.requireProjectRole(other.id, "viewer")).rejects.toThrow(NotFoundError);
    await expect(asBo.requireAdmin()).rejects.toThrow(ForbiddenError);

    // promoted to editor, Bo may edit, and the change is recorded with Bo's name
    const admin = guardsFor(adminCookie);
    const adminUser = await admin.requireAdmin();
    expect((await admin.requireProjectRole(other.id, "owner")).role).toBe("owner");
    await changeMemberRole(db, { projectId: project.id, userId: bo.id, role: "editor", actorId: adminUser.id });
    const edit = await asBo.requirePairRole(pair.id, "editor");
    await addFlag(db, { id: edit.user.id, name: edit.user.name }, { pairId: pair.id, category: "omission", severity: "major", note: "missing clause", expectedVersion: 1 });
    const detail = await getPairDetail(db, { pairId: pair.id });
    expect(detail.history[0]).toMatchObject({ action: "flag.add", actor: { id: bo.id, name: "Bo" } });
    const flag = await db.flag.findFirstOrThrow({ where: { pairId: pair.id } });
    expect(flag.authorId).toBe(bo.id);
  });

  it("membership rules: existing accounts only, no duplicates, never without an owner", async () => {
    const db = t.db;
    const admin = await db.user.findUniqueOrThrow({ where: { email: "ada@example.org" } });
    const bo = await db.user.findUniqueOrThrow({ where: { email: "bo@example.org" } });
    const p = await db.project.create({ data: { name: "Rules" } });
    await db.projectMember.create({ data: { projectId: p.id, userId: admin.id, role: "owner" } });

    await expect(addMember(db, { projectId: p.id, email: "nobody@example.org", role: "editor", actorId: admin.id })).rejects.toThrow(/No account uses/);
    await expect(addMember(db, { projectId: p.id, email: "bo@example.org", role: "boss" as never, actorId: admin.id })).rejects.toThrow(/owner, editor or viewer/);
    const added = await addMember(db, { projectId: p.id, email: " BO@example.org ", role: "viewer", actorId: admin.id });
    expect(added).toMatchObject({ userId: bo.id, role: "viewer" });
    await expect(addMember(db, { projectId: p.id, email: "bo@example.org", role: "editor", actorId: admin.id })).rejects.toThrow(/already a member/);

    // the only owner can be neither demoted nor removed
    await expect(changeMemberRole(db, { projectId: p.id, userId: admin.id, role: "editor", actorId: admin.id })).rejects.toThrow(MemberError);
    await expect(removeMember(db, { projectId: p.id, userId: admin.id, actorId: admin.id })).rejects.toThrow(/at least one owner/);
    // with a second owner it works
    await changeMemberRole(db, { projectId: p.id, userId: bo.id, role: "owner", actorId: admin.id });
    await changeMemberRole(db, { projectId: p.id, userId: admin.id, role: "viewer", actorId: bo.id });
    await removeMember(db, { projectId: p.id, userId: admin.id, actorId: bo.id });
    expect(await listMembers(db, p.id)).toEqual([expect.objectContaining({ userId: bo.id, role: "owner" })]);
    const log = await db.auditLog.findMany({ where: { projectId: p.id, entityType: "member" }, orderBy: { id: "asc" } });
    expect(log.map((l) => [l.action, l.actorId])).toEqual([
      ["member.add", admin.id],
      ["member.role", admin.id],
      ["member.role", bo.id],
      ["member.remove", bo.id],
    ]);
  });

  it("rate limits sign-in per address in the database, shared by two app instances", async () => {
    const second = createAuth(t.db, settings()); // another instance on the same database
    const ip = "203.0.113.9";
    const attempts = [];
    for (let i = 0; i < RATE_LIMITS.signIn.max; i++) {
      attempts.push((await post(i % 2 ? second : auth, "/sign-in/email", { email: "bo@example.org", password: "wrong password" }, { ip })).res.status);
    }
    expect(attempts.every((s) => s === 401)).toBe(true);
    for (const instance of [auth, second]) {
      const blocked = await post(instance, "/sign-in/email", { email: "bo@example.org", password: PASSWORD }, { ip });
      expect(blocked.res.status).toBe(429);
      expect(Number(blocked.res.headers.get("x-retry-after"))).toBeGreaterThan(0);
    }
    // another address is not affected; the counter lives in the RateLimit table
    expect((await post(second, "/sign-in/email", { email: "bo@example.org", password: PASSWORD })).res.status).toBe(200);
    expect(await t.db.rateLimit.count({ where: { key: { contains: ip } } })).toBe(1);
  });

  it("a password that is short, only spaces, common or made from the account's name is refused", async () => {
    const adminId = (await guardsFor(adminCookie).requireUser()).id;
    const { token } = await createInvitation(t.db, { email: "eve.adams@example.org", invitedById: adminId });
    const before = await t.db.user.count();
    for (const password of ["short pw", " ".repeat(12), "password1234", "qwertyuiopas", "eveadams2026"]) {
      const r = await post(auth, "/sign-up/email", { name: "Eve Adams", email: "eve.adams@example.org", password, inviteToken: token });
      expect(r.res.status, password).toBe(400);
      expect(r.data?.message, password).toMatch(/at least 10 characters|only spaces|harder to guess/);
    }
    expect(await t.db.user.count()).toBe(before);
    const ok = await post(auth, "/sign-up/email", { name: "Eve Adams", email: "eve.adams@example.org", password: "violet harbour lanterns", inviteToken: token });
    expect(ok.res.status, JSON.stringify(ok.data)).toBe(200);
  });

  it("sessions end everywhere at once: a sign-out in another process, a password change, a demotion", async () => {
    const signIn = async () => sessionCookie((await post(auth, "/sign-in/email", { email: "eve.adams@example.org", password: "violet harbour lanterns" })).res);
    const [first, second, third] = [await signIn(), await signIn(), await signIn()];
    for (const c of [first, second, third]) expect((await guardsFor(c).requireUser()).email).toBe("eve.adams@example.org");

    // another process signs the first session out: its row goes; this process's cache must not keep it alive
    const token = decodeURIComponent(first.split("=")[1]).split(".")[0];
    await t.db.session.delete({ where: { token } });
    await expect(guardsFor(first).requireUser()).rejects.toThrow(AuthRequiredError);

    // a password change must pass the policy, and signs out every other session of the account
    const weak = await post(auth, "/change-password", { currentPassword: "violet harbour lanterns", newPassword: "password1234" }, { cookie: second });
    expect(weak.res.status).toBe(400);
    expect((await guardsFor(third).requireUser()).email).toBe("eve.adams@example.org");
    const changed = await post(auth, "/change-password", { currentPassword: "violet harbour lanterns", newPassword: "amber canal whistles", revokeOtherSessions: false }, { cookie: second });
    expect(changed.res.status, JSON.stringify(changed.data)).toBe(200);
    await expect(guardsFor(third).requireUser()).rejects.toThrow(AuthRequiredError);
    expect((await guardsFor(sessionCookie(changed.res)).requireUser()).email).toBe("eve.adams@example.org");

    // administrator rights are read on every request: a demotion counts at once, cache or not
    const eve = await t.db.user.findUniqueOrThrow({ where: { email: "eve.adams@example.org" } });
    const adminId = (await guardsFor(adminCookie).requireAdmin()).id;
    const eveCookie = sessionCookie(changed.res);
    await setAdmin(t.db, { userId: eve.id, isAdmin: true, actorId: adminId });
    expect((await guardsFor(eveCookie).requireAdmin()).id).toBe(eve.id);
    await setAdmin(t.db, { userId: eve.id, isAdmin: false, actorId: adminId });
    await expect(guardsFor(eveCookie).requireAdmin()).rejects.toThrow(ForbiddenError);
  });
});

describe("accounts on a fresh installation", () => {
  let t: TempDatabase;
  beforeAll(() => {
    t = tempDatabase("auth-fresh");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("of two first sign-ups at the same moment exactly one gets in, as the only administrator", async () => {
    const auth = createAuth(t.db, settings());
    const [a, b] = await Promise.all([
      post(auth, "/sign-up/email", { name: "First", email: "first@example.org", password: PASSWORD }),
      post(auth, "/sign-up/email", { name: "Second", email: "second@example.org", password: PASSWORD }),
    ]);
    expect([a.res.status, b.res.status].sort()).toEqual([200, 403]);
    const users = await t.db.user.findMany({ include: { accounts: true } });
    expect(users).toHaveLength(1);
    expect(users[0].isAdmin).toBe(true);
    expect(users[0].accounts).toHaveLength(1);
  });

  it("behind https the session cookie is Secure (and __Secure- prefixed)", async () => {
    const origin = "https://parallax.example.org";
    const auth = createAuth(t.db, settings({ baseURL: origin, trustedOrigins: [origin], secureCookies: true }));
    const { email } = await t.db.user.findFirstOrThrow(); // the winner of the race above
    const res = await auth.handler(
      new Request(`${origin}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin, "x-forwarded-for": freshIp() },
        body: JSON.stringify({ email, password: PASSWORD }),
      }),
    );
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.includes("session_token="))!;
    expect(cookie).toMatch(/^__Secure-parallax\.session_token=/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/HttpOnly/i);
  });

  it("a sign-in from another site is refused (origin check)", async () => {
    const auth = createAuth(t.db, settings());
    const { email } = await t.db.user.findFirstOrThrow();
    const res = await auth.handler(
      new Request(`${ORIGIN}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://evil.example", "x-forwarded-for": freshIp(), cookie: "parallax.session_token=x" },
        body: JSON.stringify({ email, password: PASSWORD }),
      }),
    );
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code?: string }).code).toBe("INVALID_ORIGIN");
  });
});

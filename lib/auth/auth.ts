// Accounts through Better Auth: email and password (scrypt), sessions in an HTTP-only,
// SameSite=Lax cookie (Secure over https), rate limits on sign-in and sign-up kept in the
// database (shared by every app instance on it). Better Auth's user is our `User` model with
// serial (integer) ids, so every author column keeps pointing at one table.
//
// Sign-up is gated here: the very first account needs nothing and becomes the administrator
// (and owner of the demo project); every later one needs an invitation for its email.
import { APIError, betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import type { Db } from "../db/client";
import { databaseKind } from "../db/config";
import { acceptInvitation, findPendingInvitation } from "../db/invitations";
import { ensureAuthSecret } from "../db/settings";
import { claimFirstAdmin, deleteUser, emailSchema, needsFirstAccount, userNameSchema } from "../db/users";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./limits";
import { passwordProblem } from "./password-policy";
import { sessionCookie } from "./guard";
import { sessionCache } from "./session-cache";
import { AUTH_COOKIE_PREFIX, AuthConfigError, publicUrl, secureCookies, trustedOrigins, trustedProxies } from "./config";

export const AUTH_BASE_PATH = "/api/auth";
export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH };

/** Per client address: sign-in attempts and sign-ups allowed per window (seconds). */
export const RATE_LIMITS = {
  signIn: { window: 60, max: 10 },
  signUp: { window: 600, max: 5 },
} as const;

export interface AuthSettings {
  secret: string;
  baseURL: string;
  trustedOrigins: string[];
  secureCookies: boolean;
  trustedProxies: string[];
  /** the database dialect the Prisma adapter speaks */
  provider: "sqlite" | "postgresql";
}

export function settingsFromEnv(secret: string, env: Record<string, string | undefined> = process.env): AuthSettings {
  return {
    secret,
    baseURL: publicUrl(env),
    trustedOrigins: trustedOrigins(env),
    secureCookies: secureCookies(env),
    trustedProxies: trustedProxies(env),
    provider: databaseKind(),
  };
}

function refuse(message: string, code = "SIGN_UP_REFUSED"): never {
  throw new APIError("FORBIDDEN", { message, code });
}

function inviteTokenOf(body: unknown): string {
  const t = (body as { inviteToken?: unknown } | undefined)?.inviteToken;
  return typeof t === "string" ? t.trim() : "";
}

/** Checks a sign-up before anything is stored; returns the normalised name. */
async function gateSignUp(db: Db, body: unknown): Promise<string> {
  const b = (body ?? {}) as { name?: unknown; email?: unknown };
  const name = userNameSchema.safeParse(typeof b.name === "string" ? b.name : "");
  if (!name.success) throw new APIError("BAD_REQUEST", { message: name.error.issues[0]?.message ?? "Enter your name", code: "INVALID_NAME" });
  const email = emailSchema.safeParse(typeof b.email === "string" ? b.email : "");
  if (!email.success) throw new APIError("BAD_REQUEST", { message: email.error.issues[0]?.message ?? "Enter a valid email address", code: "INVALID_EMAIL" });
  refuseWeakPassword((body as { password?: unknown } | undefined)?.password, [name.data, email.data]);
  const token = inviteTokenOf(body);
  if (token) {
    const invitation = await findPendingInvitation(db, token);
    if (!invitation) refuse("This invitation link is no longer valid (used, revoked or expired): ask an administrator for a new one", "INVITATION_INVALID");
    if (invitation.email !== email.data) refuse(`This invitation is for ${invitation.email}: sign up with that address`, "INVITATION_EMAIL_MISMATCH");
    return name.data;
  }
  if (!(await needsFirstAccount(db))) refuse("Signing up needs an invitation: ask an administrator for a link", "INVITATION_REQUIRED");
  return name.data;
}

function refuseWeakPassword(password: unknown, userInputs: string[]): void {
  const problem = typeof password === "string" ? passwordProblem(password, userInputs) : "Enter a password";
  if (problem) throw new APIError("BAD_REQUEST", { message: problem, code: "PASSWORD_TOO_WEAK" });
}

/**
 * A password change: the new password passes the policy, and every other session of the
 * account ends (whoever knew the old password is signed out everywhere, in every process:
 * the session cache re-reads the session row on each request).
 */
function checkPasswordChange(body: unknown): Record<string, unknown> {
  const b = (body ?? {}) as Record<string, unknown>;
  refuseWeakPassword(b.newPassword, []);
  return { ...b, revokeOtherSessions: true };
}

/**
 * After the user row exists: use the invitation, or claim the administrator role of the
 * first account. Losing either race (the same link used twice at once, two first sign-ups
 * at once) removes the account just made, so nobody gets in without the right to.
 */
async function afterUserCreated(db: Db, user: { id: string | number; email: string }, body: unknown): Promise<void> {
  const id = Number(user.id);
  const token = inviteTokenOf(body);
  if (token) {
    if (await acceptInvitation(db, { token, email: user.email, userId: id })) return;
    await deleteUser(db, id);
    refuse("This invitation link was used meanwhile: ask an administrator for a new one", "INVITATION_INVALID");
  }
  if (await claimFirstAdmin(db, id)) return;
  await deleteUser(db, id);
  refuse("Signing up needs an invitation: the first account was created meanwhile", "INVITATION_REQUIRED");
}

export function createAuth(db: Db, s: AuthSettings) {
  if (!s.secret || s.secret.length < 32) throw new AuthConfigError("The auth secret must be at least 32 characters (BETTER_AUTH_SECRET)");
  return betterAuth({
    appName: "Parallax",
    secret: s.secret,
    baseURL: s.baseURL,
    basePath: AUTH_BASE_PATH,
    trustedOrigins: s.trustedOrigins,
    database: prismaAdapter(db, { provider: s.provider }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      autoSignIn: true,
    },
    user: {
      additionalFields: {
        // Never settable through Better Auth's endpoints (input: false): granted to the first
        // account by afterUserCreated, by administrators afterwards.
        isAdmin: { type: "boolean", required: false, defaultValue: false, input: false },
      },
    },
    session: {
      expiresIn: 60 * 60 * 24 * 14,
      updateAge: 60 * 60 * 24,
    },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 120,
      customRules: {
        "/sign-in/email": RATE_LIMITS.signIn,
        "/sign-up/email": RATE_LIMITS.signUp,
      },
    },
    advanced: {
      database: { generateId: "serial" },
      // Origin / CSRF checks always on (Better Auth skips them under NODE_ENV=test otherwise).
      disableOriginCheck: false,
      cookiePrefix: AUTH_COOKIE_PREFIX,
      useSecureCookies: s.secureCookies,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure: s.secureCookies },
      ipAddress: s.trustedProxies.length ? { trustedProxies: s.trustedProxies } : undefined,
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        // A signed-out session is forgotten by this process's session cache at once.
        if (ctx.path === "/sign-out" && ctx.headers) sessionCache.forget(sessionCookie(ctx.headers));
        if (ctx.path === "/change-password") return { context: { body: checkPasswordChange(ctx.body) } };
        if (ctx.path !== "/sign-up/email") return;
        const name = await gateSignUp(db, ctx.body);
        return { context: { body: { ...(ctx.body as object), name } } };
      }),
    },
    databaseHooks: {
      user: {
        create: {
          after: async (user, ctx) => afterUserCreated(db, user, ctx?.body),
        },
      },
    },
    // Endpoints Parallax does not use stay closed: no profile edits (names in the history
    // keep meaning one person), no email flows (no mail is sent), no social sign-in.
    disabledPaths: [
      "/update-user",
      "/change-email",
      "/delete-user",
      "/delete-user/callback",
      "/request-password-reset",
      "/reset-password",
      "/send-verification-email",
      "/verify-email",
      "/sign-in/social",
      "/link-social",
      "/unlink-account",
      "/list-accounts",
      "/account-info",
      "/get-access-token",
      "/refresh-token",
      "/update-session",
    ],
    telemetry: { enabled: false },
    // nextCookies stays last: it copies the cookies set by server-side calls (sign-out from
    // a server action) into Next's response.
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { parallaxAuth?: Promise<Auth> };

/**
 * The process-wide instance on getDb(). The secret comes from BETTER_AUTH_SECRET, else from
 * the database (created there once, so every instance on the database agrees).
 */
export function getAuth(): Promise<Auth> {
  globalForAuth.parallaxAuth ??= (async () => {
    const { getDb } = await import("../db/client");
    const db = getDb();
    const secret = process.env.BETTER_AUTH_SECRET?.trim() || (await ensureAuthSecret(db));
    return createAuth(db, settingsFromEnv(secret));
  })().catch((err) => {
    globalForAuth.parallaxAuth = undefined;
    throw err;
  });
  return globalForAuth.parallaxAuth;
}

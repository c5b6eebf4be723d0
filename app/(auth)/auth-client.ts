// Browser side of sign-in and sign-up: posts to Better Auth's endpoints (/api/auth/…, rate
// limited there) and turns their answers into messages people can act on.
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/limits";

export type AuthResult = { ok: true } | { ok: false; message: string };

const MESSAGES: Record<string, string> = {
  INVALID_EMAIL_OR_PASSWORD: "Wrong email or password",
  PASSWORD_TOO_SHORT: `The password needs at least ${MIN_PASSWORD_LENGTH} characters`,
  PASSWORD_TOO_LONG: "The password is too long (at most 128 characters)",
  USER_ALREADY_EXISTS: "An account with this email exists already: sign in instead",
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: "An account with this email exists already: sign in instead",
  INVALID_EMAIL: "Enter a valid email address",
};

export async function postAuth(path: "/sign-in/email" | "/sign-up/email", body: Record<string, unknown>): Promise<AuthResult> {
  let res: Response;
  try {
    res = await fetch(`/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    return { ok: false, message: "The server cannot be reached: check your connection and try again" };
  }
  if (res.ok) return { ok: true };
  if (res.status === 429) {
    const after = Number(res.headers.get("x-retry-after"));
    return { ok: false, message: `Too many attempts from this address: try again in ${after > 0 ? `${after} seconds` : "a minute"}` };
  }
  const data = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
  return { ok: false, message: (data.code && MESSAGES[data.code]) || data.message || `The request failed (${res.status})` };
}

"use server";
// Sign-out from the header: ends the session in the database and clears the cookie (the
// nextCookies plugin copies Better Auth's Set-Cookie into this response).
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getAuth } from "@/lib/auth/auth";
import { sessionCookie } from "@/lib/auth/guard";
import { sessionCache } from "@/lib/auth/session-cache";

export async function signOut(): Promise<void> {
  const auth = await getAuth();
  const h = await headers();
  sessionCache.forget(sessionCookie(new Headers(h)));
  await auth.api.signOut({ headers: h }).catch(() => undefined);
  redirect("/sign-in");
}

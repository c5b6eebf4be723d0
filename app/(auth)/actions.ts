"use server";
// Sign-out from the header: ends the session in the database and clears the cookie (the
// nextCookies plugin copies Better Auth's Set-Cookie into this response).
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getAuth } from "@/lib/auth/auth";

export async function signOut(): Promise<void> {
  const auth = await getAuth();
  await auth.api.signOut({ headers: await headers() }).catch(() => undefined);
  redirect("/sign-in");
}

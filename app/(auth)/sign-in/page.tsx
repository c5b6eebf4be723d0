// Sign in with email and password. A fresh installation (no account yet) goes to the
// first-account sign-up instead.
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSessionUser, safeNext } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { needsFirstAccount } from "@/lib/db/users";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in · Parallax" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const next = safeNext((await searchParams).next);
  if (await getSessionUser()) redirect(next);
  if (await needsFirstAccount(getDb())) redirect("/sign-up");
  return (
    <div className="card auth-card">
      <h1>Sign in</h1>
      <p className="muted">Parallax keeps who changed what: sign in to review and edit.</p>
      <SignInForm next={next} />
      <p className="muted">
        No account? An administrator can invite you; the invitation link lets you <Link href="/sign-up">sign up</Link>.
      </p>
    </div>
  );
}

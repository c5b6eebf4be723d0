// Sign-up: the first account of an installation needs nothing and becomes the administrator;
// every later one comes with an invitation link (/sign-up?invite=TOKEN) for one email address.
// The same rules are enforced by Better Auth's sign-up endpoint (lib/auth/auth.ts).
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { findPendingInvitation } from "@/lib/db/invitations";
import { needsFirstAccount } from "@/lib/db/users";
import { SignUpForm } from "./sign-up-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign up · Parallax" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ invite?: string }> }) {
  if (await getSessionUser()) redirect("/");
  const token = (await searchParams).invite?.trim() ?? "";
  const db = getDb();
  if (await needsFirstAccount(db)) {
    return (
      <div className="card auth-card">
        <h1>Create the first account</h1>
        <p>
          <strong>It becomes the administrator</strong>: it sees every project, owns the demo project and invites the other people
          who use this Parallax.
        </p>
        <SignUpForm inviteToken={null} email={null} first />
      </div>
    );
  }
  const invitation = token ? await findPendingInvitation(db, token) : null;
  if (!invitation) {
    return (
      <div className="card auth-card">
        <h1>Sign up</h1>
        <p className="form-error" role="alert">
          {token
            ? "This invitation link is no longer valid (used, revoked or expired): ask an administrator for a new one."
            : "Signing up needs an invitation: ask an administrator of this Parallax for a link."}
        </p>
        <p className="muted">
          Have an account? <Link href="/sign-in">Sign in</Link>.
        </p>
      </div>
    );
  }
  return (
    <div className="card auth-card">
      <h1>Create your account</h1>
      <p className="muted">
        You were invited as <strong>{invitation.email}</strong>. The link works once, until {invitation.expiresAt.toISOString().slice(0, 10)}.
      </p>
      <SignUpForm inviteToken={token} email={invitation.email} first={false} />
    </div>
  );
}

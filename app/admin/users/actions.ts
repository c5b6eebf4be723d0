"use server";
// Administrators invite people (a one-time sign-up link per email address) and revoke
// invitations. The link's token is shown once; only its hash is stored.
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { actionError, requireAdmin } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { InvitationError, createInvitation, revokeInvitation } from "@/lib/db/invitations";
import { AdminChangeError, setAdmin } from "@/lib/db/users";

export interface InviteState {
  error: string | null;
  /** the sign-up link to hand to the invited person */
  link: string | null;
  email: string | null;
}

/** The address people use: PARALLAX_PUBLIC_URL when set, else the one this request came to. */
async function origin(): Promise<string> {
  const configured = process.env.PARALLAX_PUBLIC_URL?.trim();
  if (configured) return new URL(configured).origin;
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}

export async function inviteAction(_prev: InviteState, form: FormData): Promise<InviteState> {
  try {
    const admin = await requireAdmin();
    const { token, invitation } = await createInvitation(getDb(), { email: String(form.get("email") ?? ""), invitedById: admin.id });
    revalidatePath("/admin/users");
    return { error: null, link: `${await origin()}/sign-up?invite=${token}`, email: invitation.email };
  } catch (err) {
    if (err instanceof InvitationError) return { error: err.message, link: null, email: null };
    const message = actionError(err);
    if (message) return { error: message, link: null, email: null };
    throw err;
  }
}

export async function revokeAction(id: number): Promise<void> {
  await requireAdmin();
  await revokeInvitation(getDb(), id);
  revalidatePath("/admin/users");
}

export interface AdminState {
  error: string | null;
}

/** Grants or takes away the administrator role (never from the last administrator). */
export async function setAdminAction(userId: number, isAdmin: boolean, _prev: AdminState, _form: FormData): Promise<AdminState> {
  try {
    const admin = await requireAdmin();
    await setAdmin(getDb(), { userId, isAdmin, actorId: admin.id });
    revalidatePath("/admin/users");
    return { error: null };
  } catch (err) {
    if (err instanceof AdminChangeError) return { error: err.message };
    const message = actionError(err);
    if (message) return { error: message };
    throw err;
  }
}

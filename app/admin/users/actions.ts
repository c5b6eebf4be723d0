"use server";
// Administrators invite people (a one-time sign-up link per email address), revoke invitations
// and grant or take the administrator role. The link's token is shown once; only its hash is
// stored. Arguments are validated and refusals answered by app/action-kit.ts.
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { actionForm, actionId, runAction, type ActionState } from "@/app/action-kit";
import { requireAdmin } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { createInvitation, revokeInvitation } from "@/lib/db/invitations";
import { setAdmin } from "@/lib/db/users";

export interface InviteState extends ActionState {
  /** the sign-up link to hand to the invited person */
  link: string | null;
  email: string | null;
}
export type AdminState = ActionState;

/** The address people use: PARALLAX_PUBLIC_URL when set, else the one this request came to. */
async function origin(): Promise<string> {
  const configured = process.env.PARALLAX_PUBLIC_URL?.trim();
  if (configured) return new URL(configured).origin;
  // X-Forwarded-* reach the app only from trusted proxies (lib/server/serve.ts strips the rest)
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = h.get("x-forwarded-proto") === "https" ? "https" : "http";
  return `${proto}://${host}`;
}

const inviteArgs = z.object({ form: actionForm });

export async function inviteAction(_prev: InviteState, form: FormData): Promise<InviteState> {
  return runAction(inviteArgs, { form }, (error): InviteState => ({ error, link: null, email: null }), async ({ form }) => {
    const admin = await requireAdmin();
    const email = form.get("email");
    const { token, invitation } = await createInvitation(getDb(), { email: typeof email === "string" ? email : "", invitedById: admin.id });
    revalidatePath("/admin/users");
    return { error: null, link: `${await origin()}/sign-up?invite=${token}`, email: invitation.email };
  });
}

const revokeArgs = z.object({ id: actionId });

/** Revokes a pending invitation (an accepted, revoked or unknown one: nothing happens). */
export async function revokeAction(id: number, _prev: ActionState, _form: FormData): Promise<ActionState> {
  return runAction(revokeArgs, { id }, (error): ActionState => ({ error }), async ({ id }) => {
    await requireAdmin();
    await revokeInvitation(getDb(), id);
    revalidatePath("/admin/users");
    return { error: null };
  });
}

const adminArgs = z.object({ userId: actionId, isAdmin: z.boolean() });

/** Grants or takes away the administrator role (never from the last administrator). */
export async function setAdminAction(userId: number, isAdmin: boolean, _prev: AdminState, _form: FormData): Promise<AdminState> {
  return runAction(adminArgs, { userId, isAdmin }, (error): AdminState => ({ error }), async ({ userId, isAdmin }) => {
    const admin = await requireAdmin();
    await setAdmin(getDb(), { userId, isAdmin, actorId: admin.id });
    revalidatePath("/admin/users");
    return { error: null };
  });
}

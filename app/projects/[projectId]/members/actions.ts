"use server";
// Membership changes from the members page: owners (and administrators) only, checked on
// every call; the rules (one owner at least, existing accounts only) live in lib/db/members.
import { revalidatePath } from "next/cache";
import { actionError, requireProjectRole } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { MemberError, addMember, changeMemberRole, projectRoleSchema, removeMember } from "@/lib/db/members";

export interface MemberFormState {
  error: string | null;
  ok: string | null;
}

function failed(err: unknown): MemberFormState {
  if (err instanceof MemberError) return { error: err.message, ok: null };
  const message = actionError(err);
  if (message) return { error: message, ok: null };
  throw err;
}

export async function addMemberAction(projectId: number, _prev: MemberFormState, form: FormData): Promise<MemberFormState> {
  try {
    const access = await requireProjectRole(projectId, "owner");
    const role = projectRoleSchema.safeParse(form.get("role"));
    if (!role.success) return { error: "Choose a role: owner, editor or viewer", ok: null };
    const m = await addMember(getDb(), { projectId, email: String(form.get("email") ?? ""), role: role.data, actorId: access.user.id });
    revalidatePath(`/projects/${projectId}/members`);
    return { error: null, ok: `Added ${m.name} as ${m.role}` };
  } catch (err) {
    return failed(err);
  }
}

export async function changeRoleAction(projectId: number, userId: number, _prev: MemberFormState, form: FormData): Promise<MemberFormState> {
  try {
    const access = await requireProjectRole(projectId, "owner");
    const role = projectRoleSchema.safeParse(form.get("role"));
    if (!role.success) return { error: "Choose a role: owner, editor or viewer", ok: null };
    await changeMemberRole(getDb(), { projectId, userId, role: role.data, actorId: access.user.id });
    revalidatePath(`/projects/${projectId}/members`);
    return { error: null, ok: `Now ${role.data}` };
  } catch (err) {
    return failed(err);
  }
}

export async function removeMemberAction(projectId: number, userId: number, _prev: MemberFormState, _form: FormData): Promise<MemberFormState> {
  try {
    const access = await requireProjectRole(projectId, "owner");
    await removeMember(getDb(), { projectId, userId, actorId: access.user.id });
    revalidatePath(`/projects/${projectId}/members`);
    return { error: null, ok: "Removed" };
  } catch (err) {
    return failed(err);
  }
}

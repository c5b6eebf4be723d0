"use server";
// Membership changes from the members page: owners (and administrators) only, checked on
// every call; the rules (one owner at least, existing accounts only) live in lib/db/members.
// Arguments are validated and refusals answered by app/action-kit.ts.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionForm, actionId, runAction, type ActionState } from "@/app/action-kit";
import { requireProjectRole } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { addMember, changeMemberRole, projectRoleSchema, removeMember } from "@/lib/db/members";

export interface MemberFormState extends ActionState {
  ok: string | null;
}

const refused = (error: string): MemberFormState => ({ error, ok: null });
const roleOf = (form: FormData) => projectRoleSchema.safeParse(form.get("role"));
const NO_ROLE: MemberFormState = { error: "Choose a role: owner, editor or viewer", ok: null };

const addArgs = z.object({ projectId: actionId, form: actionForm });

export async function addMemberAction(projectId: number, _prev: MemberFormState, form: FormData): Promise<MemberFormState> {
  return runAction(addArgs, { projectId, form }, refused, async ({ projectId, form }) => {
    const access = await requireProjectRole(projectId, "owner");
    const r = roleOf(form);
    if (!r.success) return NO_ROLE;
    const email = form.get("email");
    const m = await addMember(getDb(), { projectId, email: typeof email === "string" ? email : "", role: r.data, actorId: access.user.id });
    revalidatePath(`/projects/${projectId}/members`);
    return { error: null, ok: `Added ${m.name} as ${m.role}` };
  });
}

const memberArgs = z.object({ projectId: actionId, userId: actionId, form: actionForm });

export async function changeRoleAction(projectId: number, userId: number, _prev: MemberFormState, form: FormData): Promise<MemberFormState> {
  return runAction(memberArgs, { projectId, userId, form }, refused, async ({ projectId, userId, form }) => {
    const access = await requireProjectRole(projectId, "owner");
    const r = roleOf(form);
    if (!r.success) return NO_ROLE;
    await changeMemberRole(getDb(), { projectId, userId, role: r.data, actorId: access.user.id });
    revalidatePath(`/projects/${projectId}/members`);
    return { error: null, ok: `Now ${r.data}` };
  });
}

export async function removeMemberAction(projectId: number, userId: number, _prev: MemberFormState, form: FormData): Promise<MemberFormState> {
  return runAction(memberArgs, { projectId, userId, form }, refused, async ({ projectId, userId }) => {
    const access = await requireProjectRole(projectId, "owner");
    await removeMember(getDb(), { projectId, userId, actorId: access.user.id });
    revalidatePath(`/projects/${projectId}/members`);
    return { error: null, ok: "Removed" };
  });
}

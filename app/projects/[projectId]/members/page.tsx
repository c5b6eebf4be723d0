// A project's members and their roles. Every member sees the list; owners (and
// administrators) add existing accounts by email, change roles and remove members.
import Link from "next/link";
import { notFound } from "next/navigation";
import { pageProject } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { listMembers } from "@/lib/db/members";
import { getProject } from "@/lib/db/projects";
import { addMemberAction, changeRoleAction, removeMemberAction } from "./actions";
import { AddMemberForm, MemberControls } from "./member-forms";

export const dynamic = "force-dynamic";
export const metadata = { title: "Members · Parallax" };

export default async function MembersPage({ params }: { params: Promise<{ projectId: string }> }) {
  const id = Number((await params).projectId);
  if (!Number.isSafeInteger(id)) notFound();
  const access = await pageProject(id, `/projects/${id}/members`);
  const db = getDb();
  const project = await getProject(db, id);
  if (!project) notFound();
  const members = await listMembers(db, id);
  return (
    <>
      <p className="muted">
        <Link href="/">Projects</Link> / <Link href={`/projects/${id}`}>{project.name}</Link> /
      </p>
      <h1>Members</h1>
      <p className="muted">
        Owners review, edit, export and manage the members; editors review, edit and export; viewers read and export. Administrators
        act as owners everywhere.
        {access.canManage ? " A project keeps at least one owner." : ` You are ${access.role === "owner" ? "an" : "a"} ${access.role}: only owners change the members.`}
      </p>
      {access.canManage && <AddMemberForm action={addMemberAction.bind(null, id)} />}
      <table className="members" aria-label="Members">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
            <th>Since</th>
            {access.canManage && <th>Change</th>}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.userId} data-member={m.email}>
              <td>
                {m.name}
                {m.userId === access.user.id && <span className="muted"> (you)</span>}
              </td>
              <td>{m.email}</td>
              <td>
                <span className="badge role" data-testid="member-role">
                  {m.role}
                </span>
              </td>
              <td className="muted">{m.since.toISOString().slice(0, 10)}</td>
              {access.canManage && (
                <td>
                  <MemberControls
                    name={m.name}
                    role={m.role}
                    change={changeRoleAction.bind(null, id, m.userId)}
                    remove={removeMemberAction.bind(null, id, m.userId)}
                  />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {members.length === 0 && <p className="card empty">No members yet{access.user.isAdmin ? " (administrators see every project)" : ""}.</p>}
    </>
  );
}

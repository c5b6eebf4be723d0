// Administration: every account and the invitations. After the first account, people join
// through an invitation link made here; project owners then add them to projects.
import { pageAdmin } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { INVITATION_DAYS, listInvitations } from "@/lib/db/invitations";
import { listUsers } from "@/lib/db/users";
import { inviteAction, revokeAction, setAdminAction } from "./actions";
import { ActionButton } from "./action-button";
import { InviteForm } from "./invite-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Users · Parallax" };

const day = (d: Date) => d.toISOString().slice(0, 10);

export default async function AdminUsersPage() {
  const me = await pageAdmin("/admin/users");
  const db = getDb();
  const [users, invitations] = await Promise.all([listUsers(db), listInvitations(db)]);
  return (
    <>
      <h1>Users</h1>
      <p className="muted">
        Administrators see every project, invite people and make other accounts administrators. An invitation is a one-time sign-up link for one email address; the
        project&rsquo;s owners then add the new account to their projects.
      </p>
      <InviteForm action={inviteAction} days={INVITATION_DAYS} />

      <h2>Accounts ({users.length})</h2>
      <table className="members" aria-label="Accounts">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Projects</th>
            <th>Since</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} data-user={u.email}>
              <td>
                {u.name} {u.isAdmin && <span className="badge role">admin</span>}
                {u.id === me.id && <span className="muted"> (you)</span>}
                {!u.canSignIn && <span className="tag" title="From before accounts: this user has no password and cannot sign in">no sign-in</span>}
              </td>
              <td>{u.email}</td>
              <td>{u.projects}</td>
              <td className="muted">{day(u.createdAt)}</td>
              <td>
                {/* Not for yourself: an administrator cannot lock themselves out by a click. */}
                {u.id !== me.id && u.canSignIn && (
                  <ActionButton
                    action={setAdminAction.bind(null, u.id, !u.isAdmin)}
                    label={u.isAdmin ? "Remove as administrator" : "Make administrator"}
                    ariaLabel={u.isAdmin ? `Remove ${u.name} as administrator` : `Make ${u.name} an administrator`}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Invitations ({invitations.length})</h2>
      {invitations.length === 0 ? (
        <p className="card empty">No invitations yet.</p>
      ) : (
        <table className="members" aria-label="Invitations">
          <thead>
            <tr>
              <th>Email</th>
              <th>Status</th>
              <th>Invited by</th>
              <th>Created</th>
              <th>Expires</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {invitations.map((i) => (
              <tr key={i.id} data-invitation={i.email}>
                <td>{i.email}</td>
                <td>
                  <span className="badge">{i.status}</span>
                  {i.acceptedBy && <span className="muted"> by {i.acceptedBy}</span>}
                </td>
                <td>{i.invitedBy ?? "—"}</td>
                <td className="muted">{day(i.createdAt)}</td>
                <td className="muted">{day(i.expiresAt)}</td>
                <td>
                  {i.status === "pending" && (
                    <ActionButton action={revokeAction.bind(null, i.id)} label="Revoke" ariaLabel={`Revoke the invitation of ${i.email}`} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

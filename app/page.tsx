import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { listProjects } from "@/lib/db/projects";
import { accessibleProjects } from "@/lib/db/members";
import { pageUser } from "@/lib/auth/session";
import { plural } from "@/lib/text/plural";

export const dynamic = "force-dynamic";

export default async function ProjectsPage() {
  const user = await pageUser("/");
  const db = getDb();
  // only the projects the user is a member of (administrators: all of them)
  const roles = await accessibleProjects(db, user);
  const projects = (await listProjects(db)).filter((p) => roles.has(p.id));
  return (
    <>
      <h1>Projects</h1>
      <p className="muted">Each project is a corpus of English–Chinese document pairs.</p>
      <div className="page-actions">
        <Link href="/projects/new" className="button">
          New project
        </Link>
      </div>
      {projects.length === 0 ? (
        <div className="card empty">No projects yet: create one, or ask a project&rsquo;s owner to add you to it.</div>
      ) : (
        <ul className="project-list" aria-label="Projects">
          {projects.map((p) => (
            <li key={p.id} className="card">
              <Link href={`/projects/${p.id}`}>
                <div className="name">
                  {p.name} {p.isDemo && <span className="badge demo">demo</span>} <span className="badge role">{roles.get(p.id)}</span>
                </div>
                {p.description && <div className="muted">{p.description}</div>}
                <div className="stats">
                  <span>{plural(p.bitextCount, "document pair")}</span>
                  <span>{p.pairCount} aligned pairs</span>
                  <span>created {p.createdAt.toISOString().slice(0, 10)}</span>
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

// The project glossary: required term translations the terminology check looks for.
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { listGlossary } from "@/lib/db/glossary";
import { getProject } from "@/lib/db/projects";
import { GlossaryEditor } from "./glossary-editor";
import { pageProject, sessionProjectRole } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ projectId: string }> }) {
  const id = Number((await params).projectId);
  const project = Number.isSafeInteger(id) && (await sessionProjectRole(id)) ? await getProject(getDb(), id) : null;
  return { title: project ? `Glossary: ${project.name} · Parallax` : "Glossary · Parallax" };
}

export default async function GlossaryPage({ params }: { params: Promise<{ projectId: string }> }) {
  const id = Number((await params).projectId);
  if (!Number.isSafeInteger(id)) notFound();
  const access = await pageProject(id, `/projects/${id}/glossary`);
  const db = getDb();
  const project = await getProject(db, id);
  if (!project) notFound();
  const terms = await listGlossary(db, id);
  return (
    <>
      <p className="muted">
        <Link href="/">Projects</Link> / <Link href={`/projects/${id}`}>{project.name}</Link> /
      </p>
      <h1>Glossary</h1>
      <p className="muted">
        Required translations: where one side has a term and the other side none of its translations, the automatic check{" "}
        <code>terminology.glossary</code> reports it (major when the Chinese term is there and the English one missing, minor the other
        way round). Separate alternatives with <code>|</code>. Every change re-runs the checks of this project&rsquo;s document pairs.
      </p>
      <GlossaryEditor projectId={id} initialTerms={terms} canEdit={access.canEdit} />
    </>
  );
}

import Link from "next/link";
import { AlignedImportForm } from "../../new/aligned-import-form";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { getProject } from "@/lib/db/projects";
import { ImportForm } from "../../new/import-form";
import { pageProject } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export default async function AddDocumentPairPage({ params }: { params: Promise<{ projectId: string }> }) {
  const id = Number((await params).projectId);
  if (!Number.isSafeInteger(id)) notFound();
  const access = await pageProject(id, `/projects/${id}/add`);
  const project = await getProject(getDb(), id);
  if (!project) notFound();
  if (!access.canEdit) {
    return (
      <>
        <p className="muted">
          <Link href="/">Projects</Link> / <Link href={`/projects/${project.id}`}>{project.name}</Link> /
        </p>
        <h1>Add a document pair</h1>
        <p className="form-error" role="alert">
          Viewers can read and export this project but not add to it: an owner can make you an editor.
        </p>
      </>
    );
  }
  return (
    <>
      <p className="muted">
        <Link href="/">Projects</Link> / <Link href={`/projects/${project.id}`}>{project.name}</Link> /
      </p>
      <h1>Add a document pair</h1>
      <ImportForm projectId={project.id} />
      <AlignedImportForm projectId={project.id} />
    </>
  );
}

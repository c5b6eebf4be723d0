import Link from "next/link";
import { AlignedImportForm } from "../../new/aligned-import-form";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { getProject } from "@/lib/db/projects";
import { ImportForm } from "../../new/import-form";

export const dynamic = "force-dynamic";

export default async function AddDocumentPairPage({ params }: { params: Promise<{ projectId: string }> }) {
  const id = Number((await params).projectId);
  const project = Number.isInteger(id) ? await getProject(getDb(), id) : null;
  if (!project) notFound();
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

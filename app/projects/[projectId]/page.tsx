import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { getBitextPairs, getProject } from "@/lib/db/projects";
import { latestJobForBitext } from "@/lib/db/jobs";
import { countGlossaryTerms } from "@/lib/db/glossary";
import { AlignControl } from "./align-control";
import { ExportForm } from "./export-form";
import { PairsTable } from "./pairs-table";

export const dynamic = "force-dynamic";

export default async function ProjectPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<{ bitext?: string }>;
}) {
  const { projectId } = await params;
  const { bitext: bitextParam } = await searchParams;
  const id = Number(projectId);
  if (!Number.isInteger(id)) notFound();
  const db = getDb();
  const project = await getProject(db, id);
  if (!project) notFound();

  const selected =
    project.bitexts.find((b) => String(b.id) === bitextParam) ?? project.bitexts[0] ?? null;
  const pairs = selected && selected.status === "ready" ? await getBitextPairs(db, selected.id, { limit: 2000 }) : [];
  const job = selected ? await latestJobForBitext(db, selected.id) : null;
  const glossaryTerms = await countGlossaryTerms(db, project.id);
  const activeJobId = job && (job.status === "queued" || job.status === "running") ? job.id : null;

  return (
    <>
      <p className="muted">
        <Link href="/">Projects</Link> /
      </p>
      <h1>{project.name}</h1>
      {project.description && <p className="muted">{project.description}</p>}
      <div className="page-actions">
        <Link href={`/projects/${project.id}/add`} className="button secondary">
          Add a document pair
        </Link>
        <Link href={`/projects/${project.id}/report`} className="button secondary">
          Report
        </Link>
        <Link href={`/projects/${project.id}/glossary`} className="button secondary">
          Glossary <span className="muted">({glossaryTerms} term{glossaryTerms === 1 ? "" : "s"})</span>
        </Link>
      </div>
      {project.bitexts.some((b) => b.status === "ready") && (
        <ExportForm projectId={project.id} bitexts={project.bitexts.map((b) => ({ id: b.id, title: b.title }))} />
      )}

      {project.bitexts.length === 0 ? (
        <div className="card empty">This project has no document pairs yet.</div>
      ) : (
        <nav className="tabs" aria-label="Document pairs">
          {project.bitexts.map((b) => (
            <Link
              key={b.id}
              href={`/projects/${project.id}?bitext=${b.id}`}
              aria-current={b.id === selected?.id ? "page" : undefined}
            >
              {b.title} <span className="muted">({b._count.pairs} pairs)</span>
            </Link>
          ))}
        </nav>
      )}

      {selected && (
        <section aria-label="Aligned pairs">
          <div className="card note">
            {selected.status === "ready" ? (
              <>
                Aligned in <strong>{selected.alignedMode}</strong> mode
                {selected.requestedMode === "auto" ? " (chosen automatically)" : ""}
                {selected.modeReason ? <span className="muted"> — {selected.modeReason}</span> : null}{" "}
                <Link href={`/projects/${project.id}/bitexts/${selected.id}`} className="review-link">
                  Review →
                </Link>
              </>
            ) : selected.status === "failed" ? (
              <>Alignment failed: {selected.statusMessage}</>
            ) : (
              <>Alignment is {selected.status}…</>
            )}
          </div>
          <AlignControl key={selected.id} bitextId={selected.id} activeJobId={activeJobId} mode={selected.requestedMode} />
          {pairs.length > 0 && <PairsTable pairs={pairs} />}
        </section>
      )}
    </>
  );
}

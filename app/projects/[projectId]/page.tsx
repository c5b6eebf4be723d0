import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { getBitextPairs, getProject } from "@/lib/db/projects";
import { latestJobForBitext, MAX_ATTEMPTS } from "@/lib/db/jobs";
import { batchStatus } from "@/lib/db/batch-import";
import { EXPORT_JOB_THRESHOLD } from "@/lib/db/export";
import { EXPORT_FORMATS } from "@/lib/formats";
import { countGlossaryTerms } from "@/lib/db/glossary";
import { pageProject } from "@/lib/auth/session";
import { AlignControl } from "./align-control";
import { BatchImport } from "./batch-import";
import { BatchProgress } from "./batch-progress";
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
  if (!Number.isSafeInteger(id)) notFound();
  const access = await pageProject(id, `/projects/${id}`);
  const db = getDb();
  const project = await getProject(db, id);
  if (!project) notFound();

  const selected =
    project.bitexts.find((b) => String(b.id) === bitextParam) ?? project.bitexts[0] ?? null;
  const pairs = selected && selected.status === "ready" ? await getBitextPairs(db, selected.id, { limit: 2000 }) : [];
  const job = selected ? await latestJobForBitext(db, selected.id) : null;
  const glossaryTerms = await countGlossaryTerms(db, project.id);
  const activeJobId = job && (job.status === "queued" || job.status === "running") ? job.id : null;
  const lastJob = job && (job.status === "failed" || job.status === "cancelled")
    ? { id: job.id, status: job.status, error: job.error, attempts: job.attempts, maxAttempts: MAX_ATTEMPTS }
    : null;
  const batch = (await batchStatus(db, project.id))!;

  return (
    <>
      <p className="muted">
        <Link href="/">Projects</Link> /
      </p>
      <h1>{project.name}</h1>
      {project.description && <p className="muted">{project.description}</p>}
      {!access.canEdit && (
        <p className="read-only-note" role="note">
          <strong>Read-only</strong>: you are a viewer of this project. You can read, review the pairs and export; an owner can make you an
          editor.
        </p>
      )}
      <div className="page-actions">
        {access.canEdit && (
          <Link href={`/projects/${project.id}/add`} className="button secondary">
            Add a document pair
          </Link>
        )}
        <Link href={`/projects/${project.id}/report`} className="button secondary">
          Report
        </Link>
        <Link href={`/projects/${project.id}/glossary`} className="button secondary">
          Glossary <span className="muted">({glossaryTerms} term{glossaryTerms === 1 ? "" : "s"})</span>
        </Link>
        <Link href={`/projects/${project.id}/members`} className="button secondary">
          Members <span className="muted">(you: {access.role})</span>
        </Link>
      </div>
      {project.bitexts.some((b) => b.status === "ready") && (
        <ExportForm
          projectId={project.id}
          bitexts={project.bitexts.map((b) => ({ id: b.id, title: b.title, pairs: b._count.pairs }))}
          formats={Object.entries(EXPORT_FORMATS).map(([key, f]) => [key, f.label])}
          jobThreshold={EXPORT_JOB_THRESHOLD}
        />
      )}
      {access.canEdit && <BatchImport projectId={project.id} />}
      <BatchProgress projectId={project.id} initial={batch} canEdit={access.canEdit} />

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
          {access.canEdit && <AlignControl key={selected.id} bitextId={selected.id} activeJobId={activeJobId} mode={selected.requestedMode} lastJob={lastJob} />}
          {pairs.length > 0 && <PairsTable pairs={pairs} />}
        </section>
      )}
    </>
  );
}

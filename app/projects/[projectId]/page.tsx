import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { getProject, projectProgress, type BitextProgress } from "@/lib/db/projects";
import { latestJobForBitext, MAX_ATTEMPTS } from "@/lib/db/jobs";
import { batchStatus } from "@/lib/db/batch-import";
import { EXPORT_JOB_THRESHOLD } from "@/lib/db/export";
import { EXPORT_FORMATS } from "@/lib/formats";
import { countGlossaryTerms } from "@/lib/db/glossary";
import { pageProject } from "@/lib/auth/session";
import { AlignControl, type LastJob } from "./align-control";
import { ImportProgress } from "./import-progress";
import { BatchImport } from "./batch-import";
import { BatchProgress } from "./batch-progress";
import { ExportForm } from "./export-form";
import styles from "./project.module.css";
import { plural } from "@/lib/text/plural";

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

  const progress = await projectProgress(db, project.id);
  const jobs = new Map(
    await Promise.all(
      project.bitexts.map(async (b) => {
        const job = await latestJobForBitext(db, b.id);
        const active = job && (job.status === "queued" || job.status === "running") ? job.id : null;
        const last = job && (job.status === "failed" || job.status === "cancelled")
          ? { id: job.id, status: job.status, error: job.error, attempts: job.attempts, maxAttempts: MAX_ATTEMPTS }
          : null;
        return [b.id, { active, last }] as const;
      }),
    ),
  );
  const glossaryTerms = await countGlossaryTerms(db, project.id);
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
          Glossary <span className="muted">({plural(glossaryTerms, "term")})</span>
        </Link>
        <Link href={`/projects/${project.id}/members`} className="button secondary">
          Members <span className="muted">(you: {access.role})</span>
        </Link>
        {project.bitexts.some((b) => b.status === "ready") && (
          <ExportForm
            projectId={project.id}
            bitexts={project.bitexts.filter((b) => b.status === "ready").map((b) => ({ id: b.id, title: b.title, pairs: b._count.pairs }))}
            formats={Object.entries(EXPORT_FORMATS).map(([key, f]) => [key, f.label])}
            jobThreshold={EXPORT_JOB_THRESHOLD}
          />
        )}
      </div>
      {access.canEdit && <BatchImport projectId={project.id} />}
      <BatchProgress projectId={project.id} initial={batch} canEdit={access.canEdit} />

      {project.bitexts.length === 0 ? (
        <div className="card empty">This project has no document pairs yet.</div>
      ) : (
        <section aria-label="Document pairs">
          <h2>
            Document pairs <span className="muted">({project.bitexts.length})</span>
          </h2>
          <div className="card">
            <table className={styles.list}>
              <thead>
                <tr>
                  <th>Document pair</th>
                  <th className={styles.num}>Pairs</th>
                  <th>Reviewed</th>
                  <th className={styles.num} title="Editors' open flags">Open flags</th>
                  <th className={styles.num} title="Open findings of the automatic checks">Findings</th>
                  <th className={styles.num} title="The aligner's mean confidence (its probability that a pair is right), over the pairs that have one">
                    Mean confidence
                  </th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {project.bitexts.map((b) => (
                  <BitextRow
                    key={b.id}
                    projectId={project.id}
                    bitext={b}
                    progress={progress.get(b.id)}
                    current={String(b.id) === bitextParam}
                    canEdit={access.canEdit}
                    job={jobs.get(b.id)!}
                  />
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}

function BitextRow({
  projectId,
  bitext: b,
  progress: p,
  current,
  canEdit,
  job,
}: {
  projectId: number;
  bitext: { id: number; title: string; status: string; alignedMode: string | null; requestedMode: string; statusMessage: string | null };
  progress: BitextProgress | undefined;
  current: boolean;
  canEdit: boolean;
  job: { active: number | null; last: LastJob | null };
}) {
  const href = `/projects/${projectId}/bitexts/${b.id}`;
  const ready = b.status === "ready";
  const pct = p?.reviewedPct ?? 0;
  return (
    <tr data-bitext-id={b.id} data-current={current || undefined}>
      <td>
        <Link href={href} className={styles.title}>
          {b.title}
        </Link>
        <span className={styles.sub}>
          {ready ? (
            <>
              {b.alignedMode} alignment{b.requestedMode === "auto" ? " (chosen automatically)" : ""}
              {p && p.clutter > 0 ? ` · ${p.clutter} excluded as web clutter` : ""}
            </>
          ) : b.status === "importing" ? (
            <>Importing…</>
          ) : b.status === "failed" ? (
            <span className="error">Alignment failed: {b.statusMessage}</span>
          ) : (
            <>Alignment is {b.status}…</>
          )}
        </span>
      </td>
      <td className={styles.num}>{ready ? (p?.pairs ?? 0).toLocaleString("en") : "—"}</td>
      <td>
        {ready ? (
          <span className={styles.reviewed} title={`${p?.reviewed ?? 0} of ${p?.pairs ?? 0} pairs reviewed`}>
            <span className={styles.bar} role="progressbar" aria-label={`Reviewed in ${b.title}`} aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
              <span style={{ width: `${pct}%` }} />
            </span>
            <span className={styles.pct}>{pct}%</span>
          </span>
        ) : (
          "—"
        )}
      </td>
      <td className={`${styles.num} ${p?.openFlags ? styles.warn : styles.zero}`} data-testid="open-flags">
        {ready ? (p?.openFlags ?? 0) : "—"}
      </td>
      <td className={`${styles.num} ${p?.findings ? "" : styles.zero}`} data-testid="findings">
        {ready ? (p?.findings ?? 0) : "—"}
      </td>
      <td className={styles.num} data-testid="mean-confidence">
        {ready && p?.meanConfidence !== null && p?.meanConfidence !== undefined ? `${Math.round(p.meanConfidence * 100)}%` : "—"}
      </td>
      <td className={styles.actions}>
        {ready && (
          <Link href={href} className="review-link">
            Review →
          </Link>
        )}
        {b.status === "importing" ? (
          job.active !== null && <ImportProgress jobId={job.active} canEdit={canEdit} />
        ) : canEdit &&
          (ready && !job.active && !job.last ? (
            <details className={styles.realign}>
              <summary>Re-align…</summary>
              <AlignControl bitextId={b.id} activeJobId={null} mode={b.requestedMode} lastJob={null} />
            </details>
          ) : (
            <AlignControl bitextId={b.id} activeJobId={job.active} mode={b.requestedMode} lastJob={job.last} />
          ))}
      </td>
    </tr>
  );
}

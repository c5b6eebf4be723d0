// The review page of one document pair: server-renders the header, the first index and the
// first rows (in the default order, needs attention first); the client workspace (on TanStack
// Query, query.tsx) fetches further rows by id as the list scrolls.
import Link from "next/link";
import { notFound } from "next/navigation";
import { pageProject, sessionProjectRole } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { getPairIndex, getPairRows, getReviewHeader, pairFilterSchema } from "@/lib/db/review/view";
import { latestAuditId } from "@/lib/db/review/live";
import { latestJobForBitext } from "@/lib/db/jobs";
import { ImportProgress } from "../../import-progress";
import { CHECKS } from "@/lib/qa";
import { QueryProvider } from "./query";
import { ReviewWorkspace } from "./review-workspace";
import styles from "./review.module.css";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ bitextId: string }> }) {
  const id = Number((await params).bitextId);
  const found = Number.isSafeInteger(id) ? await getReviewHeader(getDb(), id) : null;
  // the title names the document pair only to its project's members
  const header = found && (await sessionProjectRole(found.project.id)) ? found : null;
  return { title: header ? `Review: ${header.title} · Parallax` : "Review · Parallax" };
}

export default async function ReviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string; bitextId: string }>;
  searchParams: Promise<{ pair?: string }>;
}) {
  const p = await params;
  const wanted = Number((await searchParams).pair);
  const projectId = Number(p.projectId);
  const bitextId = Number(p.bitextId);
  if (!Number.isSafeInteger(projectId) || !Number.isSafeInteger(bitextId)) notFound();
  const access = await pageProject(projectId, `/projects/${projectId}/bitexts/${bitextId}`);
  const db = getDb();
  const header = await getReviewHeader(db, bitextId);
  if (!header || header.project.id !== projectId) notFound();

  // read before the pairs: a change committed while they are read is applied again live, never missed
  const since = await latestAuditId(db, bitextId);
  // the page's default order: needs attention first (lib/review/triage.ts)
  const index = await getPairIndex(db, bitextId, pairFilterSchema.parse({ sort: "attention" }));
  // ?pair=ID opens the page on that pair (links from the report)
  const at = Number.isSafeInteger(wanted) ? index.ids.indexOf(wanted) : -1;
  const rows = await getPairRows(db, bitextId, index.ids.slice(Math.max(0, at - 10), Math.max(40, at + 30)));
  const checks = CHECKS.map(({ id, category, severity, rule }) => ({ id, category, severity, rule }));

  return (
    <div className={styles.page}>
      <nav className={styles.crumbs} aria-label="Breadcrumbs">
        <Link href="/">Projects</Link> / <Link href={`/projects/${projectId}?bitext=${bitextId}`}>{header.project.name}</Link> /
      </nav>
      {header.status === "importing" ? (
        <div className="card note">
          <h1>{header.title}</h1>
          <p>The document pair is being imported; review opens once it is stored.</p>
          <ImportProgress jobId={(await latestJobForBitext(db, bitextId))?.id ?? 0} canEdit={access.canEdit} />
        </div>
      ) : header.status !== "ready" ? (
        <div className="card note">
          <h1>{header.title}</h1>
          {header.status === "failed" ? `Alignment failed: ${header.statusMessage ?? ""}` : `Alignment is ${header.status}…`} Review opens
          once the document pair is aligned.
        </div>
      ) : (
        <QueryProvider>
          <ReviewWorkspace
          header={header}
          initialIndex={index}
          initialRows={rows}
          userId={access.user.id}
          userName={access.user.name}
          canEdit={access.canEdit}
          initialFocus={at >= 0 ? wanted : null}
          checks={checks}
          since={since}
          />
        </QueryProvider>
      )}
    </div>
  );
}

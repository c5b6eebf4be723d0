"use client";
// An aligned import being stored by its job: "Importing… n%" with Cancel. When the job is done
// the page refreshes (the document pair is ready: its review opens); a cancelled or failed
// import has been discarded, so the page says so and links back.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

interface JobView {
  status: string;
  progress: number;
  stage: string | null;
  error: string | null;
}

/** Polls the job until it ends; refreshes the page when it is done. */
function useImportJob(jobId: number) {
  const router = useRouter();
  const [job, setJob] = useState<JobView | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      const res = await fetch(`/api/jobs/${jobId}`, { cache: "no-store" }).catch(() => null);
      if (stopped) return;
      const view = res?.ok ? ((await res.json()) as JobView) : null;
      if (view) setJob(view);
      if (view?.status === "done") router.refresh();
      else if (view?.status !== "failed" && view?.status !== "cancelled") timer = setTimeout(poll, view ? 700 : 2000);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [jobId, router]);
  return job;
}

export function ImportProgress({ jobId, canEdit }: { jobId: number; canEdit: boolean }) {
  const job = useImportJob(jobId);
  const [error, setError] = useState<string | null>(null);

  async function cancel() {
    const res = await fetch(`/api/jobs/${jobId}/cancel`, { method: "POST" });
    if (!res.ok) setError((await res.json().catch(() => ({}))).error ?? `request failed (${res.status})`);
  }

  if (job?.status === "cancelled" || job?.status === "failed") {
    return (
      <span className="error" role="alert">
        {job.status === "cancelled" ? "The import was cancelled" : `The import failed: ${job.error ?? "no message"}`}; nothing of it was kept.{" "}
        <Link href="/projects/new">Import again</Link>
      </span>
    );
  }
  const pct = Math.round((job?.progress ?? 0) * 100);
  return (
    <span className="import-progress">
      <span className="progress" role="progressbar" aria-label="Import progress" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
        <span className="bar" style={{ width: `${pct}%` }} />
        <span className="label">
          Importing… {pct}% {!job || job.status === "queued" ? "waiting for a worker" : (job.stage ?? "")}
        </span>
      </span>{" "}
      {canEdit && job?.status !== "done" && (
        <button type="button" className="secondary" onClick={cancel}>
          Cancel import
        </button>
      )}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}

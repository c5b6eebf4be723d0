"use client";
// Starts (re-)alignment as a background job and shows its progress until it is done; the
// job can be cancelled while it runs, and a failed one shows its error and attempts and can
// be retried.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { plural } from "@/lib/text/plural";

interface JobView {
  id?: number;
  status: string;
  progress: number;
  stage: string | null;
  error: string | null;
  attempts?: number;
  maxAttempts?: number;
}

export interface LastJob {
  id: number;
  status: string;
  error: string | null;
  attempts: number;
  maxAttempts: number;
}

export function AlignControl({
  bitextId,
  activeJobId,
  mode,
  lastJob = null,
}: {
  bitextId: number;
  activeJobId: number | null;
  mode: string;
  /** the latest job when it failed or was cancelled (shown with a Retry button) */
  lastJob?: LastJob | null;
}) {
  const router = useRouter();
  const [jobId, setJobId] = useState<number | null>(activeJobId);
  const [job, setJob] = useState<JobView | null>(null);
  const [selected, setSelected] = useState(mode);
  const [error, setError] = useState<string | null>(null);
  const [failed, setFailed] = useState<LastJob | null>(lastJob && (lastJob.status === "failed" || lastJob.status === "cancelled") ? lastJob : null);

  useEffect(() => {
    if (jobId === null) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      const res = await fetch(`/api/jobs/${jobId}`, { cache: "no-store" }).catch(() => null);
      if (stopped) return;
      if (!res?.ok) {
        timer = setTimeout(poll, 2000);
        return;
      }
      const view = (await res.json()) as JobView;
      setJob(view);
      if (view.status === "done") {
        setJobId(null);
        router.refresh();
      } else if (view.status === "failed" || view.status === "cancelled") {
        setJobId(null);
        setFailed({ id: jobId, status: view.status, error: view.error, attempts: view.attempts ?? 0, maxAttempts: view.maxAttempts ?? 0 });
        router.refresh();
      } else {
        timer = setTimeout(poll, 700);
      }
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [jobId, router]);

  async function start() {
    setError(null);
    setFailed(null);
    const res = await fetch(`/api/bitexts/${bitextId}/align`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ mode: selected }),
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) return setError(data.error ?? `request failed (${res.status})`);
    setJob({ status: "queued", progress: 0, stage: "queued", error: null });
    setJobId(data.jobId);
  }

  async function cancel() {
    if (jobId === null) return;
    const res = await fetch(`/api/jobs/${jobId}/cancel`, { method: "POST" });
    if (!res.ok) {
      const data = await res.json().catch(() => ({}));
      setError(data.error ?? `request failed (${res.status})`);
    }
    // The poll picks up the cancelled status.
  }

  async function retry() {
    if (!failed) return;
    setError(null);
    const res = await fetch(`/api/jobs/${failed.id}/retry`, { method: "POST" });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) return setError(data.error ?? `request failed (${res.status})`);
    setFailed(null);
    setJob({ status: "queued", progress: 0, stage: "queued", error: null });
    setJobId(data.id);
  }

  const running = jobId !== null;
  return (
    <div className="align-control">
      <label>
        Mode{" "}
        <select value={selected} onChange={(e) => setSelected(e.target.value)} disabled={running}>
          <option value="auto">auto</option>
          <option value="parallel">parallel (translation)</option>
          <option value="comparable">comparable (partial overlap)</option>
        </select>
      </label>
      <button type="button" onClick={start} disabled={running}>
        {running ? "Aligning…" : "Re-align"}
      </button>
      {running && job && (
        <>
          <span
            className="progress"
            role="progressbar"
            aria-label="Alignment progress"
            aria-valuenow={Math.round(job.progress * 100)}
            aria-valuemin={0}
            aria-valuemax={100}
          >
            <span className="bar" style={{ width: `${Math.round(job.progress * 100)}%` }} />
            <span className="label">
              {Math.round(job.progress * 100)}% {job.status === "queued" ? "waiting for a worker" : (job.stage ?? "")}
              {job.error && job.status === "queued" ? ` (retrying: ${job.error})` : ""}
            </span>
          </span>
          <button type="button" className="secondary" onClick={cancel}>
            Cancel
          </button>
        </>
      )}
      {failed && !running && (
        <span className="error" role="alert">
          {failed.status === "cancelled"
            ? "The alignment was cancelled."
            : `The alignment failed after ${plural(failed.attempts, "attempt")}${failed.maxAttempts ? ` of ${failed.maxAttempts}` : ""}: ${failed.error ?? "no message"}`}{" "}
          <button type="button" className="secondary" onClick={retry}>
            Retry
          </button>
        </span>
      )}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

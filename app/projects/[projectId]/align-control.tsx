"use client";
// Starts (re-)alignment as a background job and shows its progress until it is done.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

interface JobView {
  status: string;
  progress: number;
  stage: string | null;
  error: string | null;
}

export function AlignControl({ bitextId, activeJobId, mode }: { bitextId: number; activeJobId: number | null; mode: string }) {
  const router = useRouter();
  const [jobId, setJobId] = useState<number | null>(activeJobId);
  const [job, setJob] = useState<JobView | null>(null);
  const [selected, setSelected] = useState(mode);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (jobId === null) return;
    let stopped = false;
    const poll = async () => {
      const res = await fetch(`/api/jobs/${jobId}`, { cache: "no-store" });
      if (!res.ok || stopped) return;
      const view = (await res.json()) as JobView;
      setJob(view);
      if (view.status === "done") {
        setJobId(null);
        router.refresh();
      } else if (view.status === "failed" || view.status === "cancelled") {
        setJobId(null);
        setError(view.error ?? `alignment ${view.status}`);
      } else {
        setTimeout(poll, 700);
      }
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [jobId, router]);

  async function start() {
    setError(null);
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
        <span className="progress" role="progressbar" aria-valuenow={Math.round(job.progress * 100)} aria-valuemin={0} aria-valuemax={100}>
          <span className="bar" style={{ width: `${Math.round(job.progress * 100)}%` }} />
          <span className="label">
            {Math.round(job.progress * 100)}% {job.stage ?? ""}
          </span>
        </span>
      )}
      {error && <span className="error" role="alert">{error}</span>}
    </div>
  );
}

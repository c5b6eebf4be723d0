"use client";
// The batch progress view: every document pair of the project with the state of its latest
// job, counts, and cancel / retry. Polls while anything is queued or running (and after a
// batch import); refreshes the server-rendered page when the batch settles.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import type { BatchRow, BatchStatus } from "@/lib/db/batch-import";
import type { BatchAction } from "@/lib/projects/schema";
import { BATCH_EVENT } from "./batch-import";
import s from "./batch.module.css";
import { plural } from "@/lib/text/plural";

const POLL_MS = 1000;

export function BatchProgress({ projectId, initial, canEdit }: { projectId: number; initial: BatchStatus; canEdit: boolean }) {
  const router = useRouter();
  const [status, setStatus] = useState(initial);
  const [polling, setPolling] = useState(initial.active);
  const [error, setError] = useState<string | null>(null);
  const wasActive = useRef(initial.active);

  const load = useCallback(async () => {
    const res = await fetch(`/api/projects/${projectId}/batch`, { cache: "no-store" });
    if (!res.ok) return null;
    const next = (await res.json()) as BatchStatus;
    setStatus(next);
    return next;
  }, [projectId]);

  useEffect(() => {
    const start = () => setPolling(true);
    window.addEventListener(BATCH_EVENT, start);
    return () => window.removeEventListener(BATCH_EVENT, start);
  }, []);

  useEffect(() => {
    if (!polling) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      const next = await load().catch(() => null);
      if (stopped) return;
      if (next && !next.active) {
        setPolling(false);
        // Document pairs became ready: the tabs and the export form are server-rendered.
        if (wasActive.current) router.refresh();
        wasActive.current = false;
        return;
      }
      if (next?.active) wasActive.current = true;
      timer = setTimeout(tick, POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [polling, load, router]);

  async function act(url: string, init: RequestInit) {
    setError(null);
    const res = await fetch(url, init);
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      setError(body.error ?? `request failed (${res.status})`);
    }
    await load();
    setPolling(true);
  }
  const cancel = (jobId: number) => act(`/api/jobs/${jobId}/cancel`, { method: "POST" });
  const retry = (jobId: number) => act(`/api/jobs/${jobId}/retry`, { method: "POST" });
  const bulk = (action: BatchAction["action"]) =>
    act(`/api/projects/${projectId}/batch`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ action } satisfies BatchAction) });

  const c = status.counts;
  if (c.total === 0) return null;
  return (
    <section className={`card ${s.card}`} aria-label="Document pairs and their jobs">
      <div className={s.head}>
        <h2>Alignment jobs</h2>
        <p className={s.summary} role="status" aria-label="Batch progress" data-testid="batch-counts">
          <span>
            <strong>{c.aligned}</strong> aligned
          </span>
          <span>
            <strong>{c.running}</strong> running
          </span>
          <span>
            <strong>{c.queued}</strong> queued
          </span>
          <span>
            <strong>{c.failed}</strong> failed
          </span>
          {c.cancelled > 0 && (
            <span>
              <strong>{c.cancelled}</strong> cancelled
            </span>
          )}
          {c.pending > 0 && (
            <span>
              <strong>{c.pending}</strong> not aligned
            </span>
          )}
          <span className="muted">of {c.total}</span>
        </p>
        {canEdit && (
          <div className={s.actions}>
            {status.active && (
              <button type="button" className="secondary" onClick={() => bulk("cancel-all")}>
                Cancel all
              </button>
            )}
            {c.failed + c.cancelled > 0 && (
              <button type="button" className="secondary" onClick={() => bulk("retry-failed")}>
                Retry failed
              </button>
            )}
          </div>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className={s.scroll}>
        <table className={s.rows}>
          <thead>
            <tr>
              <th className={s.title}>document pair</th>
              <th className={s.st}>state</th>
              <th>progress</th>
              {canEdit && <th className={s.act} aria-label="actions" />}
            </tr>
          </thead>
          <tbody>
            {status.rows.map((r) => (
              <Row key={r.bitextId} row={r} projectId={projectId} canEdit={canEdit} onCancel={cancel} onRetry={retry} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Row({
  row,
  projectId,
  canEdit,
  onCancel,
  onRetry,
}: {
  row: BatchRow;
  projectId: number;
  canEdit: boolean;
  onCancel: (jobId: number) => void;
  onRetry: (jobId: number) => void;
}) {
  const j = row.job;
  const pct = row.state === "aligned" ? 100 : j && (row.state === "running" || row.state === "failed") ? Math.round(j.progress * 100) : 0;
  let detail: React.ReactNode = null;
  if (row.state === "failed") {
    detail = (
      <span className={`${s.detail} ${s.error}`}>
        {j?.error ?? row.statusMessage ?? "failed"}
        {j ? ` (attempt ${j.attempts} of ${j.maxAttempts})` : ""}
      </span>
    );
  } else if (row.state === "queued" && j?.retryAt) {
    detail = (
      <span className={`${s.detail} ${s.error}`}>
        attempt {j.attempts} failed: {j.error}; retrying at {new Date(j.retryAt).toLocaleTimeString()}
      </span>
    );
  } else if (row.state === "running") {
    detail = <span className={s.detail}>{j?.stage ?? ""}</span>;
  } else if (row.state === "aligned") {
    detail = <span className={s.detail}>{plural(row.pairs, "pair")}</span>;
  } else if (row.state === "cancelled") {
    detail = <span className={s.detail}>cancelled</span>;
  }
  return (
    <tr className={s.row} data-bitext-id={row.bitextId}>
      <td title={row.title}>
        {row.bitextStatus === "ready" ? <Link href={`/projects/${projectId}/bitexts/${row.bitextId}`}>{row.title}</Link> : row.title}
      </td>
      <td>
        <span className={s.state} data-state={row.state}>
          {row.state === "pending" ? "not aligned" : row.state}
        </span>
      </td>
      <td>
        <div
          className={s.bar}
          data-state={row.state}
          role="progressbar"
          aria-label={`Alignment of ${row.title}`}
          aria-valuenow={pct}
          aria-valuemin={0}
          aria-valuemax={100}
        >
          <span style={{ width: `${pct}%` }} />
        </div>
        {detail}
      </td>
      {canEdit && (
        <td>
          {j && (row.state === "queued" || row.state === "running") && (
            <button type="button" className="secondary" onClick={() => onCancel(j.id)} aria-label={`Cancel ${row.title}`}>
              Cancel
            </button>
          )}
          {j && (row.state === "failed" || row.state === "cancelled") && (
            <button type="button" onClick={() => onRetry(j.id)} aria-label={`Retry ${row.title}`}>
              Retry
            </button>
          )}
        </td>
      )}
    </tr>
  );
}

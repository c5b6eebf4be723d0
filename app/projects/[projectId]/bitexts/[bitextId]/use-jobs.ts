"use client";
// A background job (a long document's re-alignment) followed through a query polled with
// refetchInterval until the job ends; `onEnd` runs once with the final state.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { api } from "./client-api";
import { reviewKeys } from "./query";

export interface JobState<R> {
  status: string;
  progress: number;
  stage: string | null;
  error: string | null;
  result: R | null;
}

const POLL_MS = 800;
export const jobEnded = (j: { status: string } | undefined) => !!j && ["done", "failed", "cancelled"].includes(j.status);

export function useJob<R>(jobId: number | null, onEnd: (j: JobState<R>) => void): JobState<R> | undefined {
  const q = useQuery({
    queryKey: reviewKeys.job(jobId ?? 0),
    queryFn: () => api<JobState<R>>(`/api/jobs/${jobId}`),
    enabled: jobId !== null,
    staleTime: 0,
    refetchInterval: (query) => (jobEnded(query.state.data) ? false : POLL_MS),
  });
  const ended = useRef<number | null>(null);
  const end = useRef(onEnd);
  useEffect(() => {
    end.current = onEnd;
  });
  useEffect(() => {
    if (jobId === null || ended.current === jobId || !jobEnded(q.data)) return;
    ended.current = jobId;
    end.current(q.data!);
  }, [jobId, q.data]);
  return jobId === null ? undefined : q.data;
}

"use client";
// Live review: the document pair's changes feed as a query polled about once a second
// (refetchInterval; TanStack Query pauses it while the tab is hidden), from the newest audit row
// it has seen. Each answer's changes go to the page's handler, which writes the changed rows into
// the query cache; the answer's presence list is the hook's value. A failing poll backs off.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { ChangeEntry, ChangesAnswer, PresenceEntry } from "@/lib/review/schema";
import { loadChanges } from "./client-api";
import { reviewKeys } from "./query";

const POLL_MS = 1000;
const MAX_BACKOFF_MS = 15_000;
const NOBODY: PresenceEntry[] = [];

function samePresence(a: PresenceEntry[], b: PresenceEntry[]) {
  return a.length === b.length && a.every((p, i) => p.clientId === b[i].clientId && p.pairId === b[i].pairId && p.editing === b[i].editing && p.name === b[i].name);
}

export function useLive(
  bitextId: number,
  clientId: string | null,
  onChanges: (a: ChangesAnswer) => Promise<void> | void,
  /** the newest audit row the page's data includes (changes after it are applied); absent: from now on */
  since?: number,
): PresenceEntry[] {
  const handler = useRef(onChanges);
  useEffect(() => {
    handler.current = onChanges;
  });
  const latest = useRef<number | null>(since ?? null);
  const q = useQuery({
    queryKey: [...reviewKeys.changes(bitextId), clientId],
    enabled: clientId !== null,
    staleTime: 0,
    retry: false,
    refetchInterval: (query) => (query.state.fetchFailureCount ? Math.min(MAX_BACKOFF_MS, POLL_MS * 2 ** query.state.fetchFailureCount) : POLL_MS),
    structuralSharing: (old, next) => (old && samePresence(old as PresenceEntry[], next as PresenceEntry[]) ? old : next),
    queryFn: async () => {
      const a = await loadChanges(bitextId, clientId!, latest.current);
      if (latest.current !== null && (a.changes.length || a.truncated)) {
        try {
          await handler.current(a);
        } catch (e) {
          console.error("applying live changes failed", e);
        }
      }
      latest.current = a.latest;
      return a.presence;
    },
  });
  return q.data ?? NOBODY;
}

const VERB: Record<string, string> = {
  "flag.add": "flagged",
  "flag.update": "edited a flag of",
  "flag.resolve": "resolved a flag of",
  "flag.reopen": "reopened a flag of",
  correct: "corrected",
  "correct.revert": "reverted a correction of",
  revert: "reverted a correction of",
  merge: "merged",
  split: "split",
  move: "moved a sentence of",
  unlink: "unlinked",
  link: "linked",
  "sentence.split": "split a sentence of",
  "sentence.join": "joined sentences of",
  "sentence.exclude": "excluded a sentence of",
  "sentence.restore": "restored a sentence of",
  "check.dismiss": "dismissed a finding of",
  undo: "undid a change of",
  realign: "re-aligned",
};

/**
 * "Bob confirmed pair 12": `number` gives a pair's number (0: not in the list), `statusOf` its
 * status now (a status change says which way it went).
 */
export function describeChange(c: ChangeEntry, number: (id: number) => number, statusOf: (id: number) => string | undefined): string {
  const who = c.actor ?? "Someone";
  const ids = c.pairIds.length ? c.pairIds : c.deletedPairIds;
  const n = [...new Set(ids.map(number).filter((x) => x > 0))].sort((a, b) => a - b);
  const where =
    n.length === 0 ? (ids.length ? "a pair" : "this document pair") : n.length === 1 ? `pair ${n[0]}` : n.length === 2 ? `pairs ${n[0]} and ${n[1]}` : `pairs ${n[0]}–${n[n.length - 1]}`;
  let verb = VERB[c.action] ?? `changed (${c.action})`;
  if (c.action === "status") verb = statusOf(ids[0]) === "confirmed" ? "confirmed" : "changed the status of";
  return `${who} ${verb} ${where}`;
}

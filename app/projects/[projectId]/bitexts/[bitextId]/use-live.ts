"use client";
// Live review: polls the document pair's changes feed about once a second (not while the tab is
// hidden), from the newest audit row it has seen; hands the changes to the page and keeps the
// list of who is where. A failing poll backs off and tries again.
import { useEffect, useRef, useState } from "react";
import type { ChangeEntry, ChangesAnswer, PresenceEntry } from "@/lib/review/schema";
import { loadChanges } from "./client-api";

const POLL_MS = 1000;

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
  const [presence, setPresence] = useState<PresenceEntry[]>([]);
  const handler = useRef(onChanges);
  handler.current = onChanges;

  useEffect(() => {
    if (!clientId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let latest: number | null = since ?? null;
    let failures = 0;
    let running = false;
    const schedule = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => void tick(), ms);
    };
    const tick = async () => {
      if (stopped || running) return;
      if (document.visibilityState === "hidden") return; // visibilitychange starts it again
      running = true;
      try {
        const a = await loadChanges(bitextId, clientId, latest);
        if (stopped) return;
        if (latest !== null && (a.changes.length || a.truncated)) {
          try {
            await handler.current(a);
          } catch (e) {
            console.error("applying live changes failed", e);
          }
        }
        latest = a.latest;
        failures = 0;
        setPresence((prev) => (samePresence(prev, a.presence) ? prev : a.presence));
      } catch {
        failures++;
      } finally {
        running = false;
      }
      if (!stopped) schedule(failures ? Math.min(15_000, POLL_MS * 2 ** failures) : POLL_MS);
    };
    const onVisible = () => {
      if (document.visibilityState === "visible") schedule(0);
    };
    document.addEventListener("visibilitychange", onVisible);
    schedule(0);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [bitextId, clientId, since]);

  return presence;
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

"use client";
// The pair's history, read when opened (a query: read again when the pair changes).
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { ReviewRow } from "@/lib/db/review/view";
import type { HistoryEntry } from "@/lib/db/review";
import { api } from "../client-api";
import { plural } from "@/lib/text/plural";
import { when } from "../text";
import s from "../review.module.css";

const ACTION_LABEL: Record<string, string> = {
  status: "changed the status",
  "flag.add": "flagged",
  "flag.update": "edited a flag",
  "flag.resolve": "resolved a flag",
  "flag.reopen": "reopened a flag",
  correct: "corrected the text",
  "correct.revert": "reverted a correction",
  merge: "merged with the next pair",
  split: "split the pair",
  move: "moved a sentence",
  unlink: "unlinked",
  link: "linked two gaps",
  "sentence.split": "split a sentence",
  "sentence.join": "joined sentences",
  "sentence.exclude": "excluded a sentence",
  "sentence.restore": "restored an excluded sentence",
  undo: "undid a change",
  realign: "re-aligned",
};

function describe(h: Omit<HistoryEntry, "createdAt"> & { createdAt: string | Date }): string {
  const m = h.meta ?? {};
  const base = ACTION_LABEL[h.action] ?? h.action;
  if (h.action === "status" && m.to) return `set the status to ${String(m.to)}`;
  if (h.action === "flag.add" && m.category) return `flagged ${String(m.category)} (${String(m.severity)})`;
  if (h.action === "correct" && m.lang) return `corrected the ${m.lang === "en" ? "English" : "Chinese"} text`;
  if (h.action === "correct" && Array.isArray(m.sentences)) {
    const n = m.sentences.length;
    return `corrected ${n === 1 ? "a sentence" : plural(n, "sentence")}${m.replaces ? ", replacing another editor's text" : ""}`;
  }
  if (h.action === "undo" && m.action) return `undid “${ACTION_LABEL[String(m.action)] ?? String(m.action)}”`;
  return base;
}

type Entry = Omit<HistoryEntry, "createdAt"> & { createdAt: string };

export function History({ row }: { row: ReviewRow }) {
  const [open, setOpen] = useState(false);
  // the key holds the pair's version and flags: any change to the pair reads its history again
  const flagsKey = row.flags.map((f) => `${f.id}:${f.version}:${f.resolved}`).join(",");
  const history = useQuery({
    queryKey: ["pair-history", row.id, row.version, flagsKey],
    queryFn: () => api<{ history: Entry[] }>(`/api/pairs/${row.id}`).then((d) => d.history),
    enabled: open,
  });
  const entries = history.data;
  return (
    <details className={s.section} open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>
        <h3>History</h3>
      </summary>
      {history.error && <p className="error">{history.error.message}</p>}
      {open && history.isPending && <p className="muted">Loading…</p>}
      {entries && !entries.length && <p className="muted">No changes yet.</p>}
      {entries && entries.length > 0 && (
        <ol className={s.history}>
          {entries.map((h) => (
            <li key={h.id}>
              <span className={s.histWhen}>{when(h.createdAt)}</span> <strong>{h.actor?.name ?? "someone"}</strong> {describe(h)}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}

"use client";
// Who else is here: this tab tells the server which pair it has open and whether it is editing
// it (on every change, as a heartbeat every 10 s, and "leaving" when the tab goes away); rows
// and the inspector show the others, small. Also the short notices of others' changes.
import { useEffect, useRef } from "react";
import type { PresenceEntry } from "@/lib/review/schema";
import { leavePresence, postPresence } from "./client-api";
import s from "./review.module.css";

const HEARTBEAT_MS = 10_000;

export function usePresenceSender(bitextId: number, clientId: string | null, pairId: number | null, editing: boolean) {
  const state = useRef({ pairId, editing });
  state.current = { pairId, editing };

  // the open pair or the form changed: say so (a quick j j j sends once)
  useEffect(() => {
    if (!clientId) return;
    const t = setTimeout(() => void postPresence(bitextId, { clientId, pairId, editing }).catch(() => {}), editing ? 0 : 250);
    return () => clearTimeout(t);
  }, [bitextId, clientId, pairId, editing]);

  useEffect(() => {
    if (!clientId) return;
    const beat = () => void postPresence(bitextId, { clientId, ...state.current }).catch(() => {});
    const timer = setInterval(beat, HEARTBEAT_MS);
    const leave = () => leavePresence(bitextId, clientId);
    // back from the back/forward cache: here again
    const back = (e: PageTransitionEvent) => e.persisted && beat();
    window.addEventListener("pagehide", leave);
    window.addEventListener("pageshow", back);
    return () => {
      clearInterval(timer);
      window.removeEventListener("pagehide", leave);
      window.removeEventListener("pageshow", back);
    };
  }, [bitextId, clientId]);
}

/** pair id -> the people there (one entry per person: editing if any of their tabs is) */
export function presenceByPair(presence: PresenceEntry[]): Map<number, PresenceEntry[]> {
  const out = new Map<number, Map<number, PresenceEntry>>();
  for (const p of presence) {
    if (p.pairId === null) continue;
    const people = out.get(p.pairId) ?? new Map<number, PresenceEntry>();
    const have = people.get(p.userId);
    if (!have || (p.editing && !have.editing)) people.set(p.userId, p);
    out.set(p.pairId, people);
  }
  return new Map([...out].map(([id, people]) => [id, [...people.values()].sort((a, b) => a.name.localeCompare(b.name))]));
}

const short = (name: string) => name.split(/\s+/)[0] || name;

/** On a row: "Bob", or "Bob is editing". */
export function RowPresence({ people, me }: { people: PresenceEntry[] | undefined; me: number }) {
  if (!people?.length) return null;
  return (
    <span className={s.presenceChips} data-testid="row-presence">
      {people.map((p) => {
        const who = p.userId === me ? "You (another tab)" : short(p.name);
        return (
          <span
            key={p.clientId}
            className={`${s.presenceChip} ${p.editing ? s.presenceEditing : ""}`}
            title={`${p.userId === me ? "You, in another tab" : p.name} ${p.editing ? "is editing this pair" : "has this pair open"}`}
          >
            {p.editing ? `${who} is editing` : who}
          </span>
        );
      })}
    </span>
  );
}

/** In the inspector: everyone else on this pair, by full name. */
export function InspectorPresence({ people, me }: { people: PresenceEntry[] | undefined; me: number }) {
  if (!people?.length) return null;
  return (
    <p className={s.presenceNote} data-testid="inspector-presence">
      Also here:{" "}
      {people.map((p, i) => (
        <span key={p.clientId}>
          {i > 0 ? ", " : ""}
          <strong>{p.userId === me ? "you, in another tab" : p.name}</strong>
          {p.editing ? " (editing)" : ""}
        </span>
      ))}
    </p>
  );
}

export interface LiveNote {
  id: number;
  text: string;
}

/** Others' changes as they arrive: a polite live region, each line fading after a few seconds. */
export function LiveNotes({ notes }: { notes: LiveNote[] }) {
  return (
    <div className={s.liveNotes} aria-live="polite" data-testid="live-notes">
      {notes.map((n) => (
        <span key={n.id} className={s.liveNote}>
          {n.text}
        </span>
      ))}
    </div>
  );
}

"use client";
// Unsaved corrections, kept in this browser (localStorage) until they are saved or discarded:
// a reload, a closed tab or another editor's change never throws them away. One entry per
// sentence (by sentence id, so a draft follows its sentence when pairs are merged or split),
// with the text the editor started from (`base`, sent with the correction so that the server
// can tell a real conflict from a change of something else).
import { useCallback, useEffect, useMemo, useState } from "react";
import type { ReviewRow, ReviewSentence } from "@/lib/db/review/view";
import type { SentenceEdit } from "@/lib/review/schema";

export interface DraftSentence {
  text: string;
  /** the sentence's text when the edit began (or the other version, once a conflict is resolved) */
  base: string;
  lang: "en" | "zh";
  /** the pair it was in, and its number in the pair's side then (1-based): to name it if it goes away */
  pairId: number;
  number: number;
  /** the editor chose to replace another editor's text (recorded as such) */
  replaces?: boolean;
  /** last change, ms since epoch */
  at: number;
}

/** sentence id -> its draft */
export type Drafts = Record<string, DraftSentence>;

const memory = new Map<string, string>();

function read(key: string): Drafts {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(key);
  } catch {
    raw = memory.get(key) ?? null;
  }
  if (!raw) return {};
  try {
    const data = JSON.parse(raw) as unknown;
    if (!data || typeof data !== "object") return {};
    const out: Drafts = {};
    for (const [id, d] of Object.entries(data as Record<string, Partial<DraftSentence>>)) {
      if (!/^\d+$/.test(id) || !d || typeof d.text !== "string" || typeof d.base !== "string") continue;
      if (d.lang !== "en" && d.lang !== "zh") continue;
      out[id] = { text: d.text, base: d.base, lang: d.lang, pairId: Number(d.pairId) || 0, number: Number(d.number) || 0, replaces: !!d.replaces, at: Number(d.at) || 0 };
    }
    return out;
  } catch {
    return {};
  }
}

function write(key: string, drafts: Drafts) {
  const raw = Object.keys(drafts).length ? JSON.stringify(drafts) : null;
  try {
    if (raw === null) localStorage.removeItem(key);
    else localStorage.setItem(key, raw);
  } catch {
    if (raw === null) memory.delete(key);
    else memory.set(key, raw);
  }
}

export interface DraftStore {
  drafts: Drafts;
  /** the editor typed `text` into a sentence's field */
  setText: (row: ReviewRow, sentence: ReviewSentence, lang: "en" | "zh", number: number, text: string) => void;
  /** after a conflict: the sentence's draft now starts from `base` (and may replace it) */
  rebase: (sentenceId: number, base: string, text: string, replaces: boolean) => void;
  /** forget these sentences' drafts; with `onlyIf`, only while their text is still that one */
  drop: (sentenceIds: number[], onlyIf?: Map<number, string>) => void;
}

export function useDrafts(bitextId: number, userId: number): DraftStore {
  const key = `parallax.drafts.v1.${userId}.${bitextId}`;
  // read after mounting (the server render has no localStorage)
  const [drafts, setDrafts] = useState<Drafts>({});
  useEffect(() => {
    setDrafts(read(key));
    const onStorage = (e: StorageEvent) => {
      if (e.key === key || e.key === null) setDrafts(read(key));
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, [key]);

  // storage is the truth: read, change, write (another tab may have written meanwhile)
  const update = useCallback(
    (fn: (d: Drafts) => Drafts) => {
      const next = fn(read(key));
      write(key, next);
      setDrafts(next);
    },
    [key],
  );

  const setText = useCallback(
    (row: ReviewRow, sentence: ReviewSentence, lang: "en" | "zh", number: number, text: string) =>
      update((d) => {
        const id = String(sentence.id);
        const have = d[id];
        const next = { ...d };
        if (have) {
          if (text === have.base) delete next[id];
          else next[id] = { ...have, text, pairId: row.id, number, at: Date.now() };
        } else if (text !== sentence.text) {
          next[id] = { text, base: sentence.text, lang, pairId: row.id, number, at: Date.now() };
        }
        return next;
      }),
    [update],
  );

  const rebase = useCallback(
    (sentenceId: number, base: string, text: string, replaces: boolean) =>
      update((d) => {
        const id = String(sentenceId);
        const have = d[id];
        if (!have) return d;
        const next = { ...d };
        if (text === base) delete next[id];
        else next[id] = { ...have, base, text, replaces, at: Date.now() };
        return next;
      }),
    [update],
  );

  const drop = useCallback(
    (sentenceIds: number[], onlyIf?: Map<number, string>) =>
      update((d) => {
        const next = { ...d };
        for (const id of sentenceIds) {
          const have = next[String(id)];
          if (!have) continue;
          if (onlyIf && onlyIf.has(id) && onlyIf.get(id) !== have.text) continue;
          delete next[String(id)];
        }
        return next;
      }),
    [update],
  );

  return useMemo(() => ({ drafts, setText, rebase, drop }), [drafts, setText, rebase, drop]);
}

/** The pair's sentences that have a draft. */
export function pairDrafts(row: ReviewRow, drafts: Drafts): { sentence: ReviewSentence; lang: "en" | "zh"; draft: DraftSentence }[] {
  const out: { sentence: ReviewSentence; lang: "en" | "zh"; draft: DraftSentence }[] = [];
  for (const lang of ["en", "zh"] as const) {
    for (const sentence of row[lang]) {
      const draft = drafts[String(sentence.id)];
      if (draft) out.push({ sentence, lang, draft });
    }
  }
  return out;
}

/** Drafts recorded for this pair whose sentence is no longer in it (joined away, moved, re-aligned). */
export function strayDrafts(row: ReviewRow, drafts: Drafts): [number, DraftSentence][] {
  const here = new Set([...row.en, ...row.zh].map((x) => x.id));
  return Object.entries(drafts)
    .filter(([id, d]) => d.pairId === row.id && !here.has(Number(id)))
    .map(([id, d]) => [Number(id), d]);
}

export function hasDraft(row: ReviewRow | undefined, drafts: Drafts): boolean {
  if (!row) return false;
  return row.en.some((x) => drafts[String(x.id)]) || row.zh.some((x) => drafts[String(x.id)]);
}

/** The request's edits: every drafted sentence of the pair whose text differs from its base. */
export function draftEdits(row: ReviewRow, drafts: Drafts): { edits: SentenceEdit[]; replaces: boolean } {
  const list = pairDrafts(row, drafts).filter((x) => x.draft.text !== x.draft.base);
  return {
    edits: list.map((x) => ({ sentenceId: x.sentence.id, text: x.draft.text, base: x.draft.base })),
    replaces: list.some((x) => x.draft.replaces),
  };
}

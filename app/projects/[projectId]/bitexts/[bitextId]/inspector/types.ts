// The inspector's shared types: the form open in it and the operations it can run (use-pair-ops.ts).
import type { ReviewFlag, ReviewRow, ReviewSentence } from "@/lib/db/review/view";
import type { SentenceEdit } from "@/lib/review/schema";
import type { CorrectOutcome } from "../edit-form";
import type { SpanFlagFields } from "../span-flag-form";

export type Mode = null | "flag" | "edit" | "split";

export interface Actions {
  setStatus: (row: ReviewRow, status: "confirmed" | "automatic") => Promise<boolean>;
  /** a flag on the whole pair, or on a span of one of its sentences */
  addFlag: (row: ReviewRow, f: { category: string; severity: string; note: string; span?: SpanFlagFields["span"] }) => Promise<boolean>;
  updateFlag: (row: ReviewRow, flag: ReviewFlag, patch: { category: string; severity: string; note: string }) => Promise<boolean>;
  resolveFlag: (row: ReviewRow, flag: ReviewFlag, reopen: boolean) => Promise<boolean>;
  /** saves the edited sentences of one pair together (see edit-form.tsx) */
  correct: (row: ReviewRow, edits: SentenceEdit[], replaces: boolean) => Promise<CorrectOutcome>;
  /** one sentence, or every corrected sentence of a side, back to the original */
  revert: (row: ReviewRow, target: { lang?: "en" | "zh"; sentence?: ReviewSentence }) => Promise<boolean>;
  /** reads the pair again */
  refresh: (pairId: number) => Promise<void>;
  merge: (row: ReviewRow) => Promise<boolean>;
  split: (row: ReviewRow, en: number, zh: number) => Promise<boolean>;
  unlink: (row: ReviewRow) => Promise<boolean>;
  link: (row: ReviewRow, other: ReviewRow) => Promise<boolean>;
  move: (row: ReviewRow, sentence: ReviewSentence, direction: "previous" | "next") => Promise<boolean>;
  splitSentence: (row: ReviewRow, sentence: ReviewSentence, offset: number) => Promise<boolean>;
  setExcluded: (row: ReviewRow, sentence: ReviewSentence, excluded: boolean) => Promise<boolean>;
  join: (row: ReviewRow, a: ReviewSentence, b: ReviewSentence, otherRow: ReviewRow | null) => Promise<boolean>;
  dismissCheck: (row: ReviewRow, finding: ReviewFlag) => Promise<boolean>;
}

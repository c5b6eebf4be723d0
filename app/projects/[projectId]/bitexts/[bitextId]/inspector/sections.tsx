"use client";
// The inspector's sections, in order, as a list: a feature adds a section (a span-flag list,
// a search panel) by adding an entry here. Each gets the same context.
import type { ReactNode } from "react";
import type { ReviewRow } from "@/lib/db/review/view";
import type { CheckInfo } from "../client-api";
import { ScoreExplanation } from "../confidence-explanation";
import { Corrections } from "./corrections";
import { Findings } from "./findings";
import { Flags } from "./flags";
import { History } from "./history";
import { Parts } from "./parts";
import { Sentences } from "./sentences";
import { SpanFlagsSection, type SpanFlagFields } from "../span-flag-form";
import type { Actions } from "./types";

export interface SectionContext {
  row: ReviewRow;
  prev: ReviewRow | undefined;
  next: ReviewRow | undefined;
  hasPrev: boolean;
  hasNext: boolean;
  busy: boolean;
  /** null for viewers */
  actions: Actions | null;
  checks: CheckInfo[];
  onHotFinding: (flagId: number | null) => void;
}

export interface InspectorSection {
  id: string;
  render: (c: SectionContext) => ReactNode;
}

export const INSPECTOR_SECTIONS: InspectorSection[] = [
  { id: "flags", render: (c) => <Flags row={c.row} busy={c.busy} actions={c.actions} /> },
  {
    id: "span-flags",
    render: (c) => <SpanFlagsSection row={c.row} busy={c.busy} canEdit={!!c.actions} onSubmit={(f: SpanFlagFields) => c.actions!.addFlag(c.row, f)} />,
  },
  { id: "findings", render: (c) => <Findings row={c.row} busy={c.busy} actions={c.actions} checks={c.checks} onHot={c.onHotFinding} /> },
  { id: "corrections", render: (c) => <Corrections row={c.row} busy={c.busy} actions={c.actions} /> },
  { id: "explanation", render: (c) => <ScoreExplanation row={c.row} /> },
  { id: "parts", render: (c) => <Parts row={c.row} /> },
  { id: "sentences", render: (c) => <Sentences row={c.row} prev={c.prev} next={c.next} hasPrev={c.hasPrev} hasNext={c.hasNext} busy={c.busy} actions={c.actions} /> },
  { id: "history", render: (c) => <History row={c.row} /> },
];

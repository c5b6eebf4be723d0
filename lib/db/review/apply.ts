// One review operation as the API names it (lib/review/schema.ts), dispatched to its command.
// Changes of text or of pair boundaries re-score the pairs on the document's own scale.
import type { Db } from "../client";
import type { PairOp } from "../../review/schema";
import type { Actor, ChangeResult } from "./core";
import {
  addFlag,
  correctSentences,
  joinSentences,
  linkPairs,
  mergeWithNext,
  moveSentence,
  reopenFlag,
  resolveFlag,
  revertCorrection,
  setPairStatus,
  setSentenceExcluded,
  splitPair,
  splitSentence,
  unlinkPair,
  updateFlag,
} from "./ops";
import { documentScore } from "./scoring";

const RESCORE = new Set<PairOp["op"]>(["correct", "revert", "merge", "split", "unlink", "link", "move", "sentence.split", "sentence.join"]);

export type ApplyResult = ChangeResult & { flagId?: number };

export async function applyPairOp(db: Db, actor: Actor, bitextId: number, pairId: number, op: Exclude<PairOp, { op: "check.dismiss" }>): Promise<ApplyResult> {
  const o = RESCORE.has(op.op) ? { score: await documentScore(db, bitextId) } : {};
  switch (op.op) {
    case "status":
      return setPairStatus(db, actor, { pairId, status: op.status, expectedVersion: op.expectedVersion });
    case "flag.add":
      return addFlag(db, actor, { pairId, category: op.category, severity: op.severity, note: op.note, span: op.span });
    case "flag.update":
      return updateFlag(db, actor, { flagId: op.flagId, category: op.category, severity: op.severity, note: op.note, expectedVersion: op.expectedVersion, pairId });
    case "flag.resolve":
      return resolveFlag(db, actor, { flagId: op.flagId, expectedVersion: op.expectedVersion, pairId });
    case "flag.reopen":
      return reopenFlag(db, actor, { flagId: op.flagId, expectedVersion: op.expectedVersion, pairId });
    case "correct":
      return correctSentences(db, actor, { edits: op.edits, replaces: op.replaces }, o);
    case "revert":
      return revertCorrection(db, actor, { pairId, lang: op.lang, sentenceId: op.sentenceId, base: op.base }, o);
    case "merge":
      return mergeWithNext(db, actor, { pairId, expectedVersions: op.expectedVersions }, o);
    case "split":
      return splitPair(db, actor, { pairId, en: op.en, zh: op.zh, expectedVersion: op.expectedVersion }, o);
    case "unlink":
      return unlinkPair(db, actor, { pairId, expectedVersion: op.expectedVersion }, o);
    case "link":
      return linkPairs(db, actor, { pairIdA: pairId, pairIdB: op.otherPairId, expectedVersions: op.expectedVersions }, o);
    case "move":
      return moveSentence(db, actor, { sentenceId: op.sentenceId, direction: op.direction, expectedVersions: op.expectedVersions }, o);
    case "sentence.split":
      return splitSentence(db, actor, { sentenceId: op.sentenceId, offset: op.offset, expectedVersion: op.expectedVersion }, o);
    case "sentence.exclude":
      return setSentenceExcluded(db, actor, { sentenceId: op.sentenceId, excluded: op.excluded });
    case "sentence.join":
      return joinSentences(db, actor, { sentenceIdA: op.sentenceIdA, sentenceIdB: op.sentenceIdB, expectedVersions: op.expectedVersions }, o);
  }
}

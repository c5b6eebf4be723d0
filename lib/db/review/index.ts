// Review workspace service layer: status, flags, corrections, alignment fixes, undo and
// re-alignment around confirmed pairs. Implementation in lib/db/review/*.ts.
export {
  NotFoundError,
  ValidationError,
  VersionConflictError,
  currentText,
  activeCorrection,
  type Actor,
  type ScoreFn,
  type ReviewOptions,
  type ChangeResult,
  type PairSummary,
  type Snapshot,
} from "./core";
export {
  setPairStatus,
  confirmPair,
  addFlag,
  updateFlag,
  resolveFlag,
  reopenFlag,
  correctSentences,
  revertCorrection,
  mergeWithNext,
  splitPair,
  moveSentence,
  unlinkPair,
  linkPairs,
  splitSentence,
  joinSentences,
  setSentenceExcluded,
  defaultScore,
  type FlagResult,
} from "./ops";
export { undoLast, type UndoResult } from "./undo";
export { realignUnconfirmed, type RealignBead, type RealignFn, type RealignResult } from "./realign";
export { getPairDetail, checkBitextInvariants, type PairDetail, type SentenceDetail, type HistoryEntry } from "./read";

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
} from "./review/core";
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
} from "./review/ops";
export { undoLast, type UndoResult } from "./review/undo";
export { realignUnconfirmed, type RealignBead, type RealignFn, type RealignResult } from "./review/realign";
export { getPairDetail, checkBitextInvariants, type PairDetail, type SentenceDetail, type HistoryEntry } from "./review/read";

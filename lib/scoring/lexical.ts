/**
 * The lexical scorer (dictionary + learned translations + numbers + names + length; no neural
 * model): the entry that the aligner, the QA checks and the benchmarks import. Its modules are in
 * ./lexical/ (scorer.ts composes them).
 */
export { LexicalDocScorer, lexicalScorer } from "./lexical/scorer";
export { SCORE_PARAMS } from "./lexical/params";
export { BEAD_FEATURES, N_BEAD_FEATURES } from "./lexical/features";
export { GAP_FEATURES, N_GAP_FEATURES } from "./lexical/gaps";
export { CAL_FEATURES, calFeatures, calibrate } from "./lexical/calibrate";
export { quoteStates } from "./lexical/punctuation";

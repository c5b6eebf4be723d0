// The job worker's memory budget. A long import or alignment makes a lot of short-lived garbage;
// with Node's default heap limit (about 4 GB on this kind of machine) V8 lets it pile up and the
// worker's resident size passed 1 GB on a 19 MB TMX import, although less than 250 MB was live.
// Capped, V8 collects sooner (the same import: 599 MB with a 700 MB heap). 1,024 MB leaves room
// for the largest work the worker accepts: the whole Bible (30,000 × 43,000 sentences) aligns in
// 712 MB, and its 30,000 pairs' automatic checks peak at 1,022 MB (larger documents are refused
// by the checks, lib/db/checks.ts MAX_CHECKED_PAIRS). `npm start` and `npm run worker` pass it.
export const WORKER_HEAP_MB = 1024;
export const WORKER_NODE_ARGS = [`--max-old-space-size=${WORKER_HEAP_MB}`];

// The job worker's memory budget. A long import or alignment makes a lot of short-lived garbage;
// with Node's default heap limit (about 4 GB on this kind of machine) V8 lets it pile up and the
// worker's resident size passed 1 GB on a 19 MB TMX import, although less than 250 MB was live.
// Capped, V8 collects sooner: the same import peaked at 599 MB, and the whole Bible (30,000 ×
// 43,000 sentences) aligns in 712 MB. `npm start` and `npm run worker` start the worker with it.
export const WORKER_HEAP_MB = 768;
export const WORKER_NODE_ARGS = [`--max-old-space-size=${WORKER_HEAP_MB}`];

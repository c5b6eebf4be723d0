// POST /api/jobs/:id/cancel — the same as DELETE /api/jobs/:id: a queued job never starts; a
// running one is stopped by its worker (within about a second) and its document pair keeps
// the pairs it had before.
export { DELETE as POST } from "../route";

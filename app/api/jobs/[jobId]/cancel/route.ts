// POST /api/jobs/:id/cancel — a queued job never starts; a running one is stopped by its worker
// (within about a second) and its document pair keeps the pairs it had before.
import { cancelResponse } from "../../shared";

export async function POST(_req: Request, { params }: { params: Promise<{ jobId: string }> }) {
  return cancelResponse((await params).jobId);
}

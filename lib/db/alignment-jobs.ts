// Starting an alignment from the UI: record the requested mode and queue the job.
import type { Db } from "./client";
import { enqueueJob } from "./jobs";
import type { AlignMode } from "./vocabulary";

export class NotFoundError extends Error {
  override name = "NotFoundError";
}
export class ConflictError extends Error {
  override name = "ConflictError";
}

export async function requestAlignment(db: Db, bitextId: number, mode: AlignMode, actorId: number | null = null) {
  const bitext = await db.bitext.findUnique({ where: { id: bitextId } });
  if (!bitext) throw new NotFoundError(`No document pair ${bitextId}`);
  const active = await db.job.findFirst({ where: { bitextId, status: { in: ["queued", "running"] } } });
  if (active) throw new ConflictError(`This document pair is already being aligned (job ${active.id})`);
  await db.bitext.update({ where: { id: bitextId }, data: { requestedMode: mode } });
  return enqueueJob(db, { type: "align", bitextId, payload: { mode }, createdById: actorId });
}

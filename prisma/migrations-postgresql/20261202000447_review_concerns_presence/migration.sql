-- AlterTable
ALTER TABLE "AlignmentPair" ADD COLUMN     "statusAt" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "structureAt" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Presence" (
    "clientId" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "bitextId" INTEGER NOT NULL,
    "pairId" INTEGER,
    "editing" BOOLEAN NOT NULL DEFAULT false,
    "seenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Presence_pkey" PRIMARY KEY ("clientId")
);

-- CreateIndex
CREATE INDEX "Presence_bitextId_seenAt_idx" ON "Presence"("bitextId", "seenAt");

-- Live review (hand-written, PostgreSQL only): every audit row is announced on the channel
-- "parallax_audit" as "bitextId:auditId" when its transaction commits; each app process
-- LISTENs (lib/db/live-watch.ts). SQLite processes read the audit log incrementally instead.
CREATE OR REPLACE FUNCTION parallax_notify_audit() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('parallax_audit', COALESCE(NEW."bitextId", 0)::text || ':' || NEW."id"::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AuditLog_notify" AFTER INSERT ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION parallax_notify_audit();

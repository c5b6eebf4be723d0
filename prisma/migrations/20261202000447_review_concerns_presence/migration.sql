-- CreateTable
CREATE TABLE "Presence" (
    "clientId" TEXT NOT NULL PRIMARY KEY,
    "userId" INTEGER NOT NULL,
    "bitextId" INTEGER NOT NULL,
    "pairId" INTEGER,
    "editing" BOOLEAN NOT NULL DEFAULT false,
    "seenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- AddColumns (hand-written: the same columns as Prisma's table rebuild, without copying the table)
ALTER TABLE "AlignmentPair" ADD COLUMN "statusAt" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "AlignmentPair" ADD COLUMN "structureAt" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Presence_bitextId_seenAt_idx" ON "Presence"("bitextId", "seenAt");

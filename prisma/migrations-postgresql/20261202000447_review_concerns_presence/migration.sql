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

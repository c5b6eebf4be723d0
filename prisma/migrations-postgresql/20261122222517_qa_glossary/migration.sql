-- AlterTable
ALTER TABLE "Flag" ADD COLUMN     "checkKey" TEXT,
ADD COLUMN     "evidence" JSONB;

-- CreateTable
CREATE TABLE "GlossaryTerm" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "en" TEXT NOT NULL,
    "zh" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GlossaryTerm_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "GlossaryTerm_projectId_zh_en_key" ON "GlossaryTerm"("projectId", "zh", "en");

-- CreateIndex
CREATE INDEX "Flag_checkKey_idx" ON "Flag"("checkKey");

-- AddForeignKey
ALTER TABLE "GlossaryTerm" ADD CONSTRAINT "GlossaryTerm_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

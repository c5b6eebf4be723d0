-- AlterTable
ALTER TABLE "Flag" ADD COLUMN "checkKey" TEXT;
ALTER TABLE "Flag" ADD COLUMN "evidence" JSONB;

-- CreateTable
CREATE TABLE "GlossaryTerm" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "en" TEXT NOT NULL,
    "zh" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "GlossaryTerm_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "GlossaryTerm_projectId_zh_en_key" ON "GlossaryTerm"("projectId", "zh", "en");

-- CreateIndex
CREATE INDEX "Flag_checkKey_idx" ON "Flag"("checkKey");

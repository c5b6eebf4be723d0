-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Flag" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "pairId" INTEGER NOT NULL,
    "category" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "source" TEXT NOT NULL DEFAULT 'editor',
    "checkId" TEXT,
    "checkKey" TEXT,
    "evidence" JSONB,
    "spanSide" TEXT,
    "spanSentenceId" INTEGER,
    "spanStart" INTEGER,
    "spanEnd" INTEGER,
    "spanText" TEXT,
    "spanDetached" BOOLEAN NOT NULL DEFAULT false,
    "authorId" INTEGER,
    "resolved" BOOLEAN NOT NULL DEFAULT false,
    "resolvedAt" DATETIME,
    "resolvedById" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Flag_pairId_fkey" FOREIGN KEY ("pairId") REFERENCES "AlignmentPair" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Flag_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Flag_resolvedById_fkey" FOREIGN KEY ("resolvedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Flag" ("authorId", "category", "checkId", "checkKey", "createdAt", "evidence", "id", "note", "pairId", "resolved", "resolvedAt", "resolvedById", "severity", "source", "updatedAt", "version") SELECT "authorId", "category", "checkId", "checkKey", "createdAt", "evidence", "id", "note", "pairId", "resolved", "resolvedAt", "resolvedById", "severity", "source", "updatedAt", "version" FROM "Flag";
DROP TABLE "Flag";
ALTER TABLE "new_Flag" RENAME TO "Flag";
CREATE INDEX "Flag_pairId_idx" ON "Flag"("pairId");
CREATE INDEX "Flag_checkKey_idx" ON "Flag"("checkKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

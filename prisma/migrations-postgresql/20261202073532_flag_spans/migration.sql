-- AlterTable
ALTER TABLE "Flag" ADD COLUMN     "spanDetached" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "spanEnd" INTEGER,
ADD COLUMN     "spanSentenceId" INTEGER,
ADD COLUMN     "spanSide" TEXT,
ADD COLUMN     "spanStart" INTEGER,
ADD COLUMN     "spanText" TEXT;

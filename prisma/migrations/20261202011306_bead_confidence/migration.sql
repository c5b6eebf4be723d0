-- AlterTable
ALTER TABLE "AlignmentPair" ADD COLUMN "confidence" REAL;

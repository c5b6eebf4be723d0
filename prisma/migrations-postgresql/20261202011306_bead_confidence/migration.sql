-- AlterTable
ALTER TABLE "AlignmentPair" ADD COLUMN     "confidence" DOUBLE PRECISION;

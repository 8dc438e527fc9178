-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "importedAt" TIMESTAMPTZ(3),
ADD COLUMN     "slackHandle" TEXT,
ADD COLUMN     "telegramHandle" TEXT;

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "importedAt" TIMESTAMPTZ(3);

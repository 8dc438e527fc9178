-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "importedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "importedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "WorkGroup" ADD COLUMN     "briefingCopyTo" TEXT,
ADD COLUMN     "briefingOffice" TEXT,
ADD COLUMN     "briefingSendTo" TEXT;

-- CreateTable
CREATE TABLE "DigestIssue" (
    "id" UUID NOT NULL,
    "groupId" UUID NOT NULL,
    "periodId" UUID NOT NULL,
    "cycle" "Cycle" NOT NULL,
    "year" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "issuedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DigestIssue_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DigestIssue_periodId_key" ON "DigestIssue"("periodId");

-- CreateIndex
CREATE UNIQUE INDEX "DigestIssue_groupId_cycle_year_number_key" ON "DigestIssue"("groupId", "cycle", "year", "number");

-- AddForeignKey
ALTER TABLE "DigestIssue" ADD CONSTRAINT "DigestIssue_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "WorkGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DigestIssue" ADD CONSTRAINT "DigestIssue_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "Period"("id") ON DELETE CASCADE ON UPDATE CASCADE;

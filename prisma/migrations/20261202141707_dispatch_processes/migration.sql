-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "transmittedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "DispatchProcess" (
    "id" TEXT NOT NULL,
    "seenAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DispatchProcess_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DispatchProcess_seenAt_idx" ON "DispatchProcess"("seenAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_transmittedAt_idx" ON "OutboxMessage"("transmittedAt");

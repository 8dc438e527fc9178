-- Answers to users that could not go out within a few seconds are handed to the outbox (issue 17,
-- item 7). An answer may belong to no work group (a /help from someone not bound yet), and in a
-- group chat or a Slack thread it goes where the user wrote.
ALTER TYPE "OutboxKind" ADD VALUE 'answer';

-- AlterTable
ALTER TABLE "OutboxMessage" ALTER COLUMN "groupId" DROP NOT NULL,
ADD COLUMN     "threadId" TEXT;

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('slack', 'telegram', 'console');

-- CreateEnum
CREATE TYPE "GroupRole" AS ENUM ('convenor', 'deputy', 'office', 'reporter');

-- CreateEnum
CREATE TYPE "UnitContactRole" AS ENUM ('primary', 'deputy');

-- CreateEnum
CREATE TYPE "ListKind" AS ENUM ('task', 'project', 'policy', 'indicator');

-- CreateEnum
CREATE TYPE "TaskUnitRole" AS ENUM ('lead', 'participant');

-- CreateEnum
CREATE TYPE "Cycle" AS ENUM ('dekad', 'month', 'quarter');

-- CreateEnum
CREATE TYPE "TargetDirection" AS ENUM ('increase', 'decrease');

-- CreateEnum
CREATE TYPE "ReportStatus" AS ENUM ('on_track', 'at_risk', 'behind', 'done');

-- CreateEnum
CREATE TYPE "OutboxKind" AS ENUM ('reminder', 'chase', 'escalation', 'digest', 'notice');

-- CreateEnum
CREATE TYPE "OutboxState" AS ENUM ('pending', 'sending', 'sent', 'failed', 'unreachable', 'cancelled');

-- CreateEnum
CREATE TYPE "ChannelKind" AS ENUM ('direct', 'group');

-- CreateTable
CREATE TABLE "WorkGroup" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "shortName" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    "convenorTitle" TEXT,
    "deputyTitle" TEXT,
    "officeDescription" TEXT,
    "isExample" BOOLEAN NOT NULL DEFAULT false,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WorkGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Unit" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "shortName" TEXT,
    "aliases" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "isExample" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupUnit" (
    "groupId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "hostsOffice" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "GroupUnit_pkey" PRIMARY KEY ("groupId","unitId")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "title" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "locale" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "isExample" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContactGroupRole" (
    "contactId" UUID NOT NULL,
    "groupId" UUID NOT NULL,
    "role" "GroupRole" NOT NULL,

    CONSTRAINT "ContactGroupRole_pkey" PRIMARY KEY ("contactId","groupId","role")
);

-- CreateTable
CREATE TABLE "ContactUnitRole" (
    "contactId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "role" "UnitContactRole" NOT NULL,

    CONSTRAINT "ContactUnitRole_pkey" PRIMARY KEY ("contactId","unitId")
);

-- CreateTable
CREATE TABLE "ChatIdentity" (
    "id" UUID NOT NULL,
    "platform" "Platform" NOT NULL,
    "platformUserId" TEXT NOT NULL,
    "platformTeamId" TEXT NOT NULL DEFAULT '',
    "displayName" TEXT,
    "contactId" UUID,
    "boundAt" TIMESTAMPTZ(3),
    "lockedUntil" TIMESTAMPTZ(3),
    "directChatId" TEXT,
    "unreachableAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ChatIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BindAttempt" (
    "id" UUID NOT NULL,
    "identityId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "succeeded" BOOLEAN NOT NULL,

    CONSTRAINT "BindAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupChannel" (
    "id" UUID NOT NULL,
    "groupId" UUID NOT NULL,
    "platform" "Platform" NOT NULL,
    "chatId" TEXT NOT NULL,
    "title" TEXT,
    "boundByContactId" UUID,
    "boundAt" TIMESTAMPTZ(3) NOT NULL,
    "unreachableAt" TIMESTAMPTZ(3),

    CONSTRAINT "GroupChannel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" UUID NOT NULL,
    "groupId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "listKind" "ListKind" NOT NULL,
    "description" TEXT,
    "startDate" DATE,
    "endDate" DATE,
    "cycles" "Cycle"[] DEFAULT ARRAY[]::"Cycle"[],
    "source" TEXT,
    "isExample" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaskUnit" (
    "taskId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "role" "TaskUnitRole" NOT NULL,

    CONSTRAINT "TaskUnit_pkey" PRIMARY KEY ("taskId","unitId")
);

-- CreateTable
CREATE TABLE "Target" (
    "id" UUID NOT NULL,
    "taskId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "unitOfMeasure" TEXT NOT NULL,
    "baseline" DECIMAL(20,4),
    "targetValue" DECIMAL(20,4) NOT NULL,
    "direction" "TargetDirection" NOT NULL DEFAULT 'increase',
    "cumulative" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "leadUnitId" UUID,

    CONSTRAINT "Target_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CycleSetting" (
    "id" UUID NOT NULL,
    "groupId" UUID NOT NULL,
    "cycle" "Cycle" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "dueRule" JSONB NOT NULL,
    "ladder" JSONB,
    "quietHours" JSONB,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CycleSetting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Period" (
    "id" UUID NOT NULL,
    "groupId" UUID NOT NULL,
    "cycle" "Cycle" NOT NULL,
    "periodKey" TEXT NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Period_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Report" (
    "id" UUID NOT NULL,
    "taskId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "periodId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "isCurrent" BOOLEAN NOT NULL DEFAULT true,
    "status" "ReportStatus" NOT NULL,
    "progress" TEXT NOT NULL DEFAULT '',
    "problems" TEXT NOT NULL DEFAULT '',
    "nextSteps" TEXT NOT NULL DEFAULT '',
    "coordinationNeeded" TEXT NOT NULL DEFAULT '',
    "submittedByContactId" UUID,
    "submittedAt" TIMESTAMPTZ(3) NOT NULL,
    "isLate" BOOLEAN NOT NULL DEFAULT false,
    "sourcePlatform" "Platform",
    "sourceChatId" TEXT,
    "sourceMessageId" TEXT,
    "sourceText" TEXT,

    CONSTRAINT "Report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportValue" (
    "reportId" UUID NOT NULL,
    "targetId" UUID NOT NULL,
    "value" DECIMAL(20,4) NOT NULL,

    CONSTRAINT "ReportValue_pkey" PRIMARY KEY ("reportId","targetId")
);

-- CreateTable
CREATE TABLE "ConversationState" (
    "identityId" UUID NOT NULL,
    "flow" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ConversationState_pkey" PRIMARY KEY ("identityId")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" UUID NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "kind" "OutboxKind" NOT NULL,
    "stage" TEXT NOT NULL,
    "groupId" UUID NOT NULL,
    "periodId" UUID,
    "taskId" UUID,
    "unitId" UUID,
    "recipientContactId" UUID,
    "recipientChannelId" UUID,
    "platform" "Platform" NOT NULL,
    "address" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "state" "OutboxState" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL,
    "claimedBy" TEXT,
    "claimedUntil" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "platformMessageId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Digest" (
    "id" UUID NOT NULL,
    "groupId" UUID NOT NULL,
    "periodId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "builtAt" TIMESTAMPTZ(3) NOT NULL,
    "content" JSONB NOT NULL,

    CONSTRAINT "Digest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DigestPost" (
    "id" UUID NOT NULL,
    "digestId" UUID NOT NULL,
    "channelId" UUID NOT NULL,
    "platformMessageId" TEXT NOT NULL,
    "threadRootId" TEXT,
    "postedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DigestPost_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InviteCode" (
    "id" UUID NOT NULL,
    "codeHash" TEXT NOT NULL,
    "contactId" UUID NOT NULL,
    "groupId" UUID,
    "unitId" UUID,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "usedByIdentityId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InviteCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcessedEvent" (
    "platform" "Platform" NOT NULL,
    "eventId" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ProcessedEvent_pkey" PRIMARY KEY ("platform","eventId")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actorContactId" UUID,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WorkGroup_key_key" ON "WorkGroup"("key");

-- CreateIndex
CREATE UNIQUE INDEX "Unit_key_key" ON "Unit"("key");

-- CreateIndex
CREATE UNIQUE INDEX "Unit_name_key" ON "Unit"("name");

-- CreateIndex
CREATE INDEX "GroupUnit_unitId_idx" ON "GroupUnit"("unitId");

-- CreateIndex
CREATE UNIQUE INDEX "Contact_key_key" ON "Contact"("key");

-- CreateIndex
CREATE INDEX "ContactGroupRole_groupId_role_idx" ON "ContactGroupRole"("groupId", "role");

-- CreateIndex
CREATE INDEX "ContactUnitRole_unitId_idx" ON "ContactUnitRole"("unitId");

-- CreateIndex
CREATE INDEX "ChatIdentity_contactId_idx" ON "ChatIdentity"("contactId");

-- CreateIndex
CREATE UNIQUE INDEX "ChatIdentity_platform_platformUserId_key" ON "ChatIdentity"("platform", "platformUserId");

-- CreateIndex
CREATE INDEX "BindAttempt_identityId_at_idx" ON "BindAttempt"("identityId", "at");

-- CreateIndex
CREATE INDEX "GroupChannel_groupId_idx" ON "GroupChannel"("groupId");

-- CreateIndex
CREATE UNIQUE INDEX "GroupChannel_platform_chatId_key" ON "GroupChannel"("platform", "chatId");

-- CreateIndex
CREATE INDEX "Task_groupId_active_sortOrder_idx" ON "Task"("groupId", "active", "sortOrder");

-- CreateIndex
CREATE UNIQUE INDEX "Task_groupId_key_key" ON "Task"("groupId", "key");

-- CreateIndex
CREATE INDEX "TaskUnit_unitId_role_idx" ON "TaskUnit"("unitId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "Target_taskId_key_key" ON "Target"("taskId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "CycleSetting_groupId_cycle_key" ON "CycleSetting"("groupId", "cycle");

-- CreateIndex
CREATE INDEX "Period_groupId_dueAt_idx" ON "Period"("groupId", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "Period_groupId_periodKey_key" ON "Period"("groupId", "periodKey");

-- CreateIndex
CREATE INDEX "Report_periodId_unitId_idx" ON "Report"("periodId", "unitId");

-- CreateIndex
CREATE INDEX "Report_taskId_submittedAt_idx" ON "Report"("taskId", "submittedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Report_taskId_unitId_periodId_version_key" ON "Report"("taskId", "unitId", "periodId", "version");

-- CreateIndex
CREATE INDEX "ReportValue_targetId_idx" ON "ReportValue"("targetId");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_dedupeKey_key" ON "OutboxMessage"("dedupeKey");

-- CreateIndex
CREATE INDEX "OutboxMessage_state_nextAttemptAt_idx" ON "OutboxMessage"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_platform_address_platformMessageId_idx" ON "OutboxMessage"("platform", "address", "platformMessageId");

-- CreateIndex
CREATE INDEX "OutboxMessage_groupId_periodId_idx" ON "OutboxMessage"("groupId", "periodId");

-- CreateIndex
CREATE UNIQUE INDEX "Digest_groupId_periodId_version_key" ON "Digest"("groupId", "periodId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "DigestPost_digestId_channelId_key" ON "DigestPost"("digestId", "channelId");

-- CreateIndex
CREATE UNIQUE INDEX "InviteCode_codeHash_key" ON "InviteCode"("codeHash");

-- CreateIndex
CREATE INDEX "InviteCode_contactId_idx" ON "InviteCode"("contactId");

-- CreateIndex
CREATE INDEX "ProcessedEvent_receivedAt_idx" ON "ProcessedEvent"("receivedAt");

-- CreateIndex
CREATE INDEX "AuditLog_entity_entityId_idx" ON "AuditLog"("entity", "entityId");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- AddForeignKey
ALTER TABLE "GroupUnit" ADD CONSTRAINT "GroupUnit_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "WorkGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupUnit" ADD CONSTRAINT "GroupUnit_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactGroupRole" ADD CONSTRAINT "ContactGroupRole_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactGroupRole" ADD CONSTRAINT "ContactGroupRole_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "WorkGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactUnitRole" ADD CONSTRAINT "ContactUnitRole_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactUnitRole" ADD CONSTRAINT "ContactUnitRole_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatIdentity" ADD CONSTRAINT "ChatIdentity_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BindAttempt" ADD CONSTRAINT "BindAttempt_identityId_fkey" FOREIGN KEY ("identityId") REFERENCES "ChatIdentity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupChannel" ADD CONSTRAINT "GroupChannel_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "WorkGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupChannel" ADD CONSTRAINT "GroupChannel_boundByContactId_fkey" FOREIGN KEY ("boundByContactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "WorkGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskUnit" ADD CONSTRAINT "TaskUnit_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskUnit" ADD CONSTRAINT "TaskUnit_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Target" ADD CONSTRAINT "Target_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Target" ADD CONSTRAINT "Target_leadUnitId_fkey" FOREIGN KEY ("leadUnitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CycleSetting" ADD CONSTRAINT "CycleSetting_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "WorkGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Period" ADD CONSTRAINT "Period_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "WorkGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "Period"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_submittedByContactId_fkey" FOREIGN KEY ("submittedByContactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportValue" ADD CONSTRAINT "ReportValue_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportValue" ADD CONSTRAINT "ReportValue_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationState" ADD CONSTRAINT "ConversationState_identityId_fkey" FOREIGN KEY ("identityId") REFERENCES "ChatIdentity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "WorkGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "Period"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_recipientContactId_fkey" FOREIGN KEY ("recipientContactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_recipientChannelId_fkey" FOREIGN KEY ("recipientChannelId") REFERENCES "GroupChannel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Digest" ADD CONSTRAINT "Digest_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "WorkGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Digest" ADD CONSTRAINT "Digest_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "Period"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DigestPost" ADD CONSTRAINT "DigestPost_digestId_fkey" FOREIGN KEY ("digestId") REFERENCES "Digest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DigestPost" ADD CONSTRAINT "DigestPost_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "GroupChannel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InviteCode" ADD CONSTRAINT "InviteCode_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InviteCode" ADD CONSTRAINT "InviteCode_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "WorkGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InviteCode" ADD CONSTRAINT "InviteCode_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InviteCode" ADD CONSTRAINT "InviteCode_usedByIdentityId_fkey" FOREIGN KEY ("usedByIdentityId") REFERENCES "ChatIdentity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written: exactly one current version of a report per (task, unit, period).
-- Prisma's schema language has no partial indexes, so this lives only in the migration.
CREATE UNIQUE INDEX "Report_one_current_per_task_unit_period" ON "Report"("taskId", "unitId", "periodId") WHERE "isCurrent";

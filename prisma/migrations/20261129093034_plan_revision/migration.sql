-- CreateTable
CREATE TABLE "PlanRevision" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "revision" BIGINT NOT NULL,

    CONSTRAINT "PlanRevision_pkey" PRIMARY KEY ("id")
);

-- Written by hand (Prisma's schema has no triggers): every statement that writes a plan input
-- sets the revision to its transaction's id, so the new value commits with the change and no
-- earlier one, and a scheduler that read the old value reloads. BEFORE ... FOR EACH STATEMENT, so
-- that the revision row is the first lock a writer of plan inputs takes: two such writers queue
-- on it rather than deadlock over the rows they write in different orders. A statement that
-- writes no row still changes the revision, which costs one needless reload.
INSERT INTO "PlanRevision" ("id", "revision") VALUES (1, txid_current());

-- The body is an escape string with its semicolons written \073: Prisma's migration runner splits
-- a script at every semicolon, even inside a dollar-quoted body.
CREATE FUNCTION "plan_revision_bump"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "PlanRevision" ("id", "revision") VALUES (1, txid_current())
  ON CONFLICT ("id") DO UPDATE SET "revision" = EXCLUDED."revision"
  WHERE "PlanRevision"."revision" IS DISTINCT FROM EXCLUDED."revision"\073
  RETURN NULL\073
END
';

CREATE TRIGGER "WorkGroup_plan_revision" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "WorkGroup"
  FOR EACH STATEMENT EXECUTE FUNCTION "plan_revision_bump"();
CREATE TRIGGER "CycleSetting_plan_revision" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "CycleSetting"
  FOR EACH STATEMENT EXECUTE FUNCTION "plan_revision_bump"();
CREATE TRIGGER "Task_plan_revision" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Task"
  FOR EACH STATEMENT EXECUTE FUNCTION "plan_revision_bump"();
CREATE TRIGGER "TaskUnit_plan_revision" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "TaskUnit"
  FOR EACH STATEMENT EXECUTE FUNCTION "plan_revision_bump"();
CREATE TRIGGER "Target_plan_revision" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Target"
  FOR EACH STATEMENT EXECUTE FUNCTION "plan_revision_bump"();
CREATE TRIGGER "Unit_plan_revision" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Unit"
  FOR EACH STATEMENT EXECUTE FUNCTION "plan_revision_bump"();

-- The value each current report version gives each target, with the keys "a target's latest value"
-- is ordered by (its period's start, then submission, then report id), so /status and the digests
-- find each target's latest value by one index probe instead of searching a year of reports
-- (src/store/latest-values.ts). One row per (current report, target), kept by triggers in the
-- writing statement's transaction, whatever writes Report or ReportValue.
--
-- The function bodies are E'' strings with \073 for each semicolon: Prisma's PostgreSQL adapter
-- splits a migration script at every semicolon, even inside a dollar-quoted body.

-- CreateTable
CREATE TABLE "CurrentReportValue" (
    "reportId" UUID NOT NULL,
    "targetId" UUID NOT NULL,
    "taskId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "periodId" UUID NOT NULL,
    "periodStartsAt" TIMESTAMPTZ(3) NOT NULL,
    "submittedAt" TIMESTAMPTZ(3) NOT NULL,
    "value" DECIMAL(20,4) NOT NULL,

    CONSTRAINT "CurrentReportValue_pkey" PRIMARY KEY ("reportId","targetId")
);

-- CreateIndex
CREATE INDEX "CurrentReportValue_latest_idx" ON "CurrentReportValue"("targetId", "taskId", "periodStartsAt" DESC, "submittedAt" DESC, "reportId" DESC, "unitId", "value");

-- CreateIndex
CREATE INDEX "CurrentReportValue_period_idx" ON "CurrentReportValue"("periodId", "reportId", "targetId", "value", "taskId", "unitId", "periodStartsAt", "submittedAt");

-- CreateIndex
CREATE INDEX "Report_submittedAt_idx" ON "Report"("submittedAt");

-- A Report version's values enter when it is (or becomes) current and leave when it is retired or
-- deleted. A report's first statement inserts the Report and its values together, and the ReportValue
-- trigger adds them: Report needs no INSERT trigger.
CREATE FUNCTION "current_report_values_of_reports"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP <> ''INSERT'' THEN
    DELETE FROM "CurrentReportValue" c USING old_rows o WHERE c."reportId" = o.id\073
  END IF\073
  IF TG_OP <> ''DELETE'' THEN
    INSERT INTO "CurrentReportValue" ("reportId", "targetId", "taskId", "unitId", "periodId", "periodStartsAt", "submittedAt", value)
    SELECT n.id, v."targetId", n."taskId", n."unitId", n."periodId", p."startsAt", n."submittedAt", v.value
    FROM new_rows n
    JOIN "ReportValue" v ON v."reportId" = n.id
    JOIN "Period" p ON p.id = n."periodId"
    WHERE n."isCurrent"
    ON CONFLICT ("reportId", "targetId") DO UPDATE SET "taskId" = EXCLUDED."taskId", "unitId" = EXCLUDED."unitId",
      "periodId" = EXCLUDED."periodId",
      "periodStartsAt" = EXCLUDED."periodStartsAt", "submittedAt" = EXCLUDED."submittedAt", value = EXCLUDED.value\073
  END IF\073
  RETURN NULL\073
END ';

CREATE FUNCTION "current_report_values_of_values"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP <> ''INSERT'' THEN
    DELETE FROM "CurrentReportValue" c USING old_rows o WHERE c."reportId" = o."reportId" AND c."targetId" = o."targetId"\073
  END IF\073
  IF TG_OP <> ''DELETE'' THEN
    INSERT INTO "CurrentReportValue" ("reportId", "targetId", "taskId", "unitId", "periodId", "periodStartsAt", "submittedAt", value)
    SELECT r.id, n."targetId", r."taskId", r."unitId", r."periodId", p."startsAt", r."submittedAt", n.value
    FROM new_rows n
    JOIN "Report" r ON r.id = n."reportId" AND r."isCurrent"
    JOIN "Period" p ON p.id = r."periodId"
    ON CONFLICT ("reportId", "targetId") DO UPDATE SET value = EXCLUDED.value\073
  END IF\073
  RETURN NULL\073
END ';

CREATE TRIGGER "current_report_values_update" AFTER UPDATE ON "Report"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "current_report_values_of_reports"();
CREATE TRIGGER "current_report_values_delete" AFTER DELETE ON "Report"
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "current_report_values_of_reports"();
CREATE TRIGGER "current_report_values_insert" AFTER INSERT ON "ReportValue"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "current_report_values_of_values"();
CREATE TRIGGER "current_report_values_update" AFTER UPDATE ON "ReportValue"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "current_report_values_of_values"();
CREATE TRIGGER "current_report_values_delete" AFTER DELETE ON "ReportValue"
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "current_report_values_of_values"();

-- The whole table from Report and ReportValue: fills it for the data already stored, and after a
-- bulk load that ran with triggers off (bench/generate.ts).
CREATE FUNCTION "rebuild_current_report_values"() RETURNS void LANGUAGE sql AS E'
  TRUNCATE "CurrentReportValue"\073
  INSERT INTO "CurrentReportValue" ("reportId", "targetId", "taskId", "unitId", "periodId", "periodStartsAt", "submittedAt", value)
  SELECT r.id, v."targetId", r."taskId", r."unitId", r."periodId", p."startsAt", r."submittedAt", v.value
  FROM "Report" r
  JOIN "ReportValue" v ON v."reportId" = r.id
  JOIN "Period" p ON p.id = r."periodId"
  WHERE r."isCurrent"\073
';

SELECT "rebuild_current_report_values"();

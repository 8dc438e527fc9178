-- Target kinds replace the `cumulative` flag (issue 13): cumulative totals are judged against
-- 时序进度, levels and rates are met or not. Existing rows are mapped: cumulative = true stays
-- cumulative, cumulative = false is a rate when its unit is a percentage (%, ‰), else a level.
CREATE TYPE "TargetKind" AS ENUM ('cumulative', 'level', 'rate');

ALTER TABLE "Target"
ADD COLUMN     "kind" "TargetKind" NOT NULL DEFAULT 'cumulative',
ADD COLUMN     "maxValue" DECIMAL(20,4),
ADD COLUMN     "minValue" DECIMAL(20,4);

UPDATE "Target"
SET "kind" = CASE WHEN btrim("unitOfMeasure") IN ('%', '‰', '％') THEN 'rate'::"TargetKind" ELSE 'level'::"TargetKind" END
WHERE NOT "cumulative";

ALTER TABLE "Target" DROP COLUMN "cumulative";

-- A digest built before its period's deadline is provisional (截至 …), not final.
ALTER TABLE "Digest" ADD COLUMN     "final" BOOLEAN NOT NULL DEFAULT true;

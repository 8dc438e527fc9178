-- AlterTable
-- Nothing queries inside a digest's content: stored as json (its text, checked) rather than jsonb
-- (converted to the binary form on every save, hundreds of milliseconds for a large group's
-- ~5 MB 旬简报). Existing digests are converted as they are.
ALTER TABLE "Digest" ALTER COLUMN "content" SET DATA TYPE JSON USING "content"::json;

-- Written by hand (Prisma's schema has no column compression): lz4 compresses the large content
-- about 5 times faster than the default pglz, and smaller. A server built without lz4 (embedded
-- PGlite) keeps pglz. The body is an escape string with its semicolons written \073: Prisma's
-- migration runner splits a script at every semicolon, even inside a dollar-quoted body.
DO E'
BEGIN
  ALTER TABLE "Digest" ALTER COLUMN "content" SET COMPRESSION lz4\073
EXCEPTION WHEN feature_not_supported THEN
  NULL\073
END
';

-- AlterTable
ALTER TABLE "webhook_events" ADD COLUMN     "emitted_headers" JSONB,
ADD COLUMN     "emitted_key" TEXT,
ADD COLUMN     "emitted_topic" TEXT;

-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN     "audience" JSONB,
ADD COLUMN     "audience_loaded_at" TIMESTAMPTZ(3),
ADD COLUMN     "audience_skipped" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "sender_accounts" ADD COLUMN     "timezone" TEXT NOT NULL DEFAULT 'UTC';

-- CreateTable
CREATE TABLE "delivery_reports" (
    "id" UUID NOT NULL,
    "report_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "action" TEXT,
    "status" TEXT,
    "diagnostic" TEXT,
    "original_message_id" TEXT,
    "outcome" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "delivery_reports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "delivery_reports_email_idx" ON "delivery_reports"("email");

-- CreateIndex
CREATE UNIQUE INDEX "delivery_reports_report_id_email_key" ON "delivery_reports"("report_id", "email");

-- CreateIndex
CREATE INDEX "outbound_mails_message_id_idx" ON "outbound_mails"("message_id");

-- CreateIndex
CREATE INDEX "campaign_recipients_message_id_idx" ON "campaign_recipients"("message_id");

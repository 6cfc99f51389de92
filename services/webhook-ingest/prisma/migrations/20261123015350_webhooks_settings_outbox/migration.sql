/*
  Warnings:

  - Added the required column `client_ip` to the `webhook_events` table without a default value. This is not possible if the table is not empty.
  - Added the required column `content_type` to the `webhook_events` table without a default value. This is not possible if the table is not empty.
  - Added the required column `event_type` to the `webhook_events` table without a default value. This is not possible if the table is not empty.
  - Added the required column `headers` to the `webhook_events` table without a default value. This is not possible if the table is not empty.
  - Added the required column `raw_body` to the `webhook_events` table without a default value. This is not possible if the table is not empty.
  - Added the required column `status` to the `webhook_events` table without a default value. This is not possible if the table is not empty.

*/
-- AlterTable
ALTER TABLE "webhook_events" ADD COLUMN     "call_id" TEXT,
ADD COLUMN     "caller_e164" TEXT,
ADD COLUMN     "client_ip" TEXT NOT NULL,
ADD COLUMN     "content_type" TEXT NOT NULL,
ADD COLUMN     "duplicates" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "emitted_type" TEXT,
ADD COLUMN     "emitted_value" BYTEA,
ADD COLUMN     "event_type" TEXT NOT NULL,
ADD COLUMN     "headers" JSONB NOT NULL,
ADD COLUMN     "last_duplicate_at" TIMESTAMPTZ(3),
ADD COLUMN     "last_replayed_at" TIMESTAMPTZ(3),
ADD COLUMN     "raw_body" BYTEA NOT NULL,
ADD COLUMN     "reason" TEXT,
ADD COLUMN     "replay_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "status" TEXT NOT NULL;

-- CreateTable
CREATE TABLE "provider_settings" (
    "provider" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "secrets" TEXT[],
    "allowed_ips" TEXT[],
    "allow_any_ip" BOOLEAN NOT NULL DEFAULT false,
    "trusted_proxies" TEXT[],
    "rate_limit_per_min" INTEGER,
    "default_region" TEXT,
    "default_lead_source" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "provider_settings_pkey" PRIMARY KEY ("provider")
);

-- CreateTable
CREATE TABLE "outbox" (
    "id" BIGSERIAL NOT NULL,
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" BYTEA NOT NULL,
    "headers" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "webhook_events_received_at_id_idx" ON "webhook_events"("received_at", "id");

-- CreateIndex
CREATE INDEX "webhook_events_provider_call_id_idx" ON "webhook_events"("provider", "call_id");

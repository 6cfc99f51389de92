-- AlterTable
ALTER TABLE "mailboxes" ADD COLUMN     "alert_recipients" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "auth_type" TEXT NOT NULL DEFAULT 'password',
ADD COLUMN     "enabled" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "folders" TEXT[] DEFAULT ARRAY['INBOX']::TEXT[],
ADD COLUMN     "last_error" TEXT,
ADD COLUMN     "last_error_at" TIMESTAMPTZ(3),
ADD COLUMN     "last_error_type" TEXT,
ADD COLUMN     "last_sync_at" TIMESTAMPTZ(3),
ADD COLUMN     "oauth_client_id" TEXT,
ADD COLUMN     "oauth_client_secret_enc" TEXT,
ADD COLUMN     "oauth_refresh_token_enc" TEXT,
ADD COLUMN     "oauth_token_url" TEXT,
ADD COLUMN     "password_enc" TEXT;

-- CreateTable
CREATE TABLE "sync_cursors" (
    "mailbox_id" UUID NOT NULL,
    "folder" TEXT NOT NULL,
    "uid_validity" BIGINT NOT NULL,
    "highest_uid" BIGINT NOT NULL,
    "highest_mod_seq" BIGINT,
    "last_sync_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sync_cursors_pkey" PRIMARY KEY ("mailbox_id","folder")
);

-- CreateTable
CREATE TABLE "received_messages" (
    "id" BIGSERIAL NOT NULL,
    "mailbox_id" UUID NOT NULL,
    "message_id" TEXT NOT NULL,
    "folder" TEXT NOT NULL,
    "uid_validity" BIGINT NOT NULL,
    "uid" BIGINT NOT NULL,
    "event_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "received_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mailbox_leases" (
    "mailbox_id" UUID NOT NULL,
    "holder" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "mailbox_leases_pkey" PRIMARY KEY ("mailbox_id")
);

-- CreateTable
CREATE TABLE "mailbox_alerts" (
    "id" BIGSERIAL NOT NULL,
    "mailbox_id" UUID NOT NULL,
    "error_type" TEXT NOT NULL,
    "request_id" UUID NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mailbox_alerts_pkey" PRIMARY KEY ("id")
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
CREATE UNIQUE INDEX "received_messages_mailbox_id_message_id_key" ON "received_messages"("mailbox_id", "message_id");

-- CreateIndex
CREATE UNIQUE INDEX "mailbox_alerts_request_id_key" ON "mailbox_alerts"("request_id");

-- CreateIndex
CREATE INDEX "mailbox_alerts_mailbox_id_error_type_sent_at_idx" ON "mailbox_alerts"("mailbox_id", "error_type", "sent_at");

-- AddForeignKey
ALTER TABLE "sync_cursors" ADD CONSTRAINT "sync_cursors_mailbox_id_fkey" FOREIGN KEY ("mailbox_id") REFERENCES "mailboxes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "received_messages" ADD CONSTRAINT "received_messages_mailbox_id_fkey" FOREIGN KEY ("mailbox_id") REFERENCES "mailboxes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mailbox_leases" ADD CONSTRAINT "mailbox_leases_mailbox_id_fkey" FOREIGN KEY ("mailbox_id") REFERENCES "mailboxes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mailbox_alerts" ADD CONSTRAINT "mailbox_alerts_mailbox_id_fkey" FOREIGN KEY ("mailbox_id") REFERENCES "mailboxes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

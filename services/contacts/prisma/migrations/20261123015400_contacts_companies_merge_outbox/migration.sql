-- AlterTable
ALTER TABLE "contacts" ADD COLUMN     "company_id" UUID,
ADD COLUMN     "deleted_at" TIMESTAMPTZ(3),
ADD COLUMN     "merged_into_id" UUID,
ADD COLUMN     "name_normalized" TEXT,
ADD COLUMN     "needs_review" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "phone_digits" TEXT,
ADD COLUMN     "phone_valid" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "companies" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "name_normalized" TEXT NOT NULL,
    "phone_raw" TEXT,
    "phone_e164" TEXT,
    "email_domain" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "companies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contact_reviews" (
    "id" BIGSERIAL NOT NULL,
    "contact_a_id" UUID NOT NULL,
    "contact_b_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contact_reviews_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contact_merges" (
    "id" BIGSERIAL NOT NULL,
    "kept_id" UUID NOT NULL,
    "merged_id" UUID NOT NULL,
    "snapshot" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contact_merges_pkey" PRIMARY KEY ("id")
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
CREATE UNIQUE INDEX "companies_name_normalized_key" ON "companies"("name_normalized");

-- CreateIndex
CREATE UNIQUE INDEX "companies_phone_e164_key" ON "companies"("phone_e164");

-- CreateIndex
CREATE UNIQUE INDEX "companies_email_domain_key" ON "companies"("email_domain");

-- CreateIndex
CREATE INDEX "companies_created_at_id_idx" ON "companies"("created_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "contact_reviews_contact_a_id_contact_b_id_key" ON "contact_reviews"("contact_a_id", "contact_b_id");

-- CreateIndex
CREATE UNIQUE INDEX "contact_merges_merged_id_key" ON "contact_merges"("merged_id");

-- CreateIndex
CREATE INDEX "contact_merges_kept_id_idx" ON "contact_merges"("kept_id");

-- CreateIndex
CREATE INDEX "contacts_created_at_id_idx" ON "contacts"("created_at", "id");

-- CreateIndex
CREATE INDEX "contacts_name_id_idx" ON "contacts"("name", "id");

-- CreateIndex
CREATE INDEX "contacts_name_normalized_idx" ON "contacts"("name_normalized");

-- CreateIndex
CREATE INDEX "contacts_phone_digits_idx" ON "contacts"("phone_digits");

-- CreateIndex
CREATE INDEX "contacts_company_id_idx" ON "contacts"("company_id");

-- AddForeignKey
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The lead list's read model: lead-router's leads as LeadChanged events describe them, each row
-- with the public JSON the API answers, so a page is read by one index scan and no joins.
CREATE TABLE "lead_views" (
    "id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "owner_id" UUID,
    "department_id" UUID,
    "name" TEXT,
    "email" TEXT,
    "phone_e164" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "doc" TEXT NOT NULL,

    CONSTRAINT "lead_views_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "lead_views_created_at_id_idx" ON "lead_views"("created_at", "id");

CREATE INDEX "lead_views_owner_id_created_at_id_idx" ON "lead_views"("owner_id", "created_at", "id");

CREATE INDEX "lead_views_department_id_created_at_id_idx" ON "lead_views"("department_id", "created_at", "id");

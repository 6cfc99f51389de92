-- CreateTable
CREATE TABLE "leads" (
    "id" UUID NOT NULL,
    "source_event_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'new',
    "contact_id" UUID,
    "owner_id" UUID,
    "department_id" UUID,
    "sla_due_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "leads_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "leads_source_event_id_key" ON "leads"("source_event_id");

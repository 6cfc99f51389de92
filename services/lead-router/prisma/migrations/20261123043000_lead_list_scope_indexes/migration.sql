-- An agent's and a department's lead lists seek their own rows in (created_at, id) order
-- instead of filtering the whole table's creation-order index.
CREATE INDEX "leads_owner_id_created_at_id_idx" ON "leads"("owner_id", "created_at", "id");

CREATE INDEX "leads_department_id_created_at_id_idx" ON "leads"("department_id", "created_at", "id");

-- Every change to a lead is numbered, so readers of its LeadChanged events keep the newest state
-- whatever order they see them in. The trigger counts changes made by any statement, raw SQL
-- included; a row lock is held while it runs, so two writers never get the same number.
ALTER TABLE "leads" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;

CREATE FUNCTION "leads_next_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."version" := OLD."version" + 1;
  RETURN NEW;
END
$$;

CREATE TRIGGER "leads_version" BEFORE UPDATE ON "leads"
  FOR EACH ROW EXECUTE FUNCTION "leads_next_version"();

-- A write the API gave up on (answered 503) must never land later, as a statement a stalled
-- connection or a pooler delivers seconds afterwards would. Every API write runs in a
-- transaction whose first statement sets `assetra.write_deadline` (set_config(..., true): for
-- this transaction only), the moment the API gives up on it. These triggers are deferred, so
-- they run at COMMIT, whenever that arrives, and refuse the whole transaction once the
-- database's own clock is past the deadline. A transaction without a deadline (an operator's
-- manual change, a migration) is not checked. SQLSTATE AW001 is this refusal's own code.
CREATE FUNCTION "assetra_refuse_late_write"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  deadline text := current_setting('assetra.write_deadline', true);
BEGIN
  -- '' once an earlier transaction of this connection set it; null before any ever did.
  IF deadline <> '' AND clock_timestamp() > deadline::timestamptz THEN
    RAISE EXCEPTION 'write refused: it reached COMMIT after its deadline' USING ERRCODE = 'AW001';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "users_write_deadline" AFTER INSERT OR UPDATE OR DELETE ON "users"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "assetra_refuse_late_write"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "portfolios_write_deadline" AFTER INSERT OR UPDATE OR DELETE ON "portfolios"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "assetra_refuse_late_write"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "push_tokens_write_deadline" AFTER INSERT OR UPDATE OR DELETE ON "push_tokens"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "assetra_refuse_late_write"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "revoked_sessions_write_deadline" AFTER INSERT OR UPDATE OR DELETE ON "revoked_sessions"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "assetra_refuse_late_write"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "processed_webhooks_write_deadline" AFTER INSERT OR UPDATE OR DELETE ON "processed_webhooks"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "assetra_refuse_late_write"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "email_links_write_deadline" AFTER INSERT OR UPDATE OR DELETE ON "email_links"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "assetra_refuse_late_write"();

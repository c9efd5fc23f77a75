-- Every committed change to what an API instance caches about an account (a user row, a
-- session's revocation) is announced on the channel `assetra_account`, whoever wrote it: the
-- API, a later method nobody remembered to wire up, or an operator's manual UPDATE. NOTIFY is
-- delivered at commit, in commit order, and never for a rolled-back transaction.
-- Payloads: 'u:' || clerk_user_id, 's:' || session_id, '*' for everything.
CREATE FUNCTION "assetra_announce_user"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('assetra_account', 'u:' || OLD.clerk_user_id);
  ELSE
    PERFORM pg_notify('assetra_account', 'u:' || NEW.clerk_user_id);
    IF TG_OP = 'UPDATE' AND OLD.clerk_user_id IS DISTINCT FROM NEW.clerk_user_id THEN
      PERFORM pg_notify('assetra_account', 'u:' || OLD.clerk_user_id);
    END IF;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "assetra_announce_session"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('assetra_account', 's:' || OLD.session_id);
  ELSE
    PERFORM pg_notify('assetra_account', 's:' || NEW.session_id);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A TRUNCATE forgets every account at once: '*'.
CREATE FUNCTION "assetra_announce_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('assetra_account', '*');
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Inserts are not announced for users: a user not yet seen is never cached.
CREATE TRIGGER "users_announce" AFTER UPDATE OR DELETE ON "users"
  FOR EACH ROW EXECUTE FUNCTION "assetra_announce_user"();
--> statement-breakpoint
CREATE TRIGGER "revoked_sessions_announce" AFTER INSERT OR UPDATE OR DELETE ON "revoked_sessions"
  FOR EACH ROW EXECUTE FUNCTION "assetra_announce_session"();
--> statement-breakpoint
CREATE TRIGGER "users_announce_truncate" AFTER TRUNCATE ON "users"
  FOR EACH STATEMENT EXECUTE FUNCTION "assetra_announce_truncate"();
--> statement-breakpoint
CREATE TRIGGER "revoked_sessions_announce_truncate" AFTER TRUNCATE ON "revoked_sessions"
  FOR EACH STATEMENT EXECUTE FUNCTION "assetra_announce_truncate"();

CREATE TABLE "security_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"device" jsonb,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "security_events_type_check" CHECK ("security_events"."type" in ('account.created', 'sign_in', 'session.ended', 'sessions.revoked_others', 'email_link.redeemed', 'account.disabled', 'account.enabled', 'passkey.added', 'passkey.removed', 'email.changed'))
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "passkey_ids" text[];--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "new_device_email_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "security_events" ADD CONSTRAINT "security_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "security_events_user_id_at_idx" ON "security_events" USING btree ("user_id","at","id");--> statement-breakpoint
CREATE INDEX "security_events_at_idx" ON "security_events" USING btree ("at");--> statement-breakpoint
-- A late write to security_events is refused at COMMIT like every other table's (0004_write_deadline).
CREATE CONSTRAINT TRIGGER "security_events_write_deadline" AFTER INSERT OR UPDATE OR DELETE ON "security_events"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "assetra_refuse_late_write"();

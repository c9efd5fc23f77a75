CREATE TABLE "email_links" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"code_challenge" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"claim_id" text,
	"claimed_until" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "email_links_email_created_at_idx" ON "email_links" USING btree ("email","created_at");--> statement-breakpoint
CREATE INDEX "email_links_expires_at_idx" ON "email_links" USING btree ("expires_at");
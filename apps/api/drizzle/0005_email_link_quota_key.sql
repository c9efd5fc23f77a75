-- The per-address quota counts the canonical address (services/canonicalEmail.ts), so that
-- +tags and Gmail's dots cannot multiply it. Links saved before this migration count under
-- their address as given (already lower-cased): they leave the one-hour window within an hour.
DROP INDEX "email_links_email_created_at_idx";--> statement-breakpoint
ALTER TABLE "email_links" ADD COLUMN "quota_key" text;--> statement-breakpoint
UPDATE "email_links" SET "quota_key" = "email";--> statement-breakpoint
ALTER TABLE "email_links" ALTER COLUMN "quota_key" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "email_links_quota_key_created_at_idx" ON "email_links" USING btree ("quota_key","created_at");

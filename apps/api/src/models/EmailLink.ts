/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose types a schema
   path's options as its SchemaTypeOptions class, yet takes plain objects by design. */
import { Schema, type Connection } from 'mongoose';

/**
 * Links are kept this long past expiry (answering `link_expired`, not `link_invalid`), then
 * MongoDB's TTL monitor removes them; the SQL stores purge on the same schedule.
 */
export const EMAIL_LINK_RETENTION_SECONDS = 60 * 60;

/** Written out rather than inferred, as in PushToken.ts: inferred dates are mongoose's own type. */
export type EmailLinkDocument = {
  tokenHash: string;
  email: string;
  codeChallenge: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  claimId: string | null;
  claimedUntil: Date | null;
};

/**
 * A sign-in link: only the token's SHA-256. `claimId` / `claimedUntil` hold it during one
 * redemption (a lease), so a Clerk failure can give it back unused.
 */
export const emailLinkSchema = new Schema<EmailLinkDocument>(
  {
    tokenHash: { type: String, required: true, unique: true },
    email: { type: String, required: true },
    codeChallenge: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    claimId: { type: String, default: null },
    claimedUntil: { type: Date, default: null },
  },
  { collection: 'email_links', versionKey: false, autoIndex: false, autoCreate: false },
);

emailLinkSchema.index({ expiresAt: 1 }, { expireAfterSeconds: EMAIL_LINK_RETENTION_SECONDS });

export function emailLinkModel(connection: Connection) {
  return connection.model('EmailLink', emailLinkSchema);
}

export type EmailLinkModel = ReturnType<typeof emailLinkModel>;

/** Quota documents idle this long hold no stamp inside any window the API uses (one hour). */
export const EMAIL_LINK_QUOTA_TTL_SECONDS = 24 * 60 * 60;

/** Written out: mongoose infers a `[Date]` path as subdocuments, not dates. */
export type EmailLinkQuotaDocument = { email: string; stamps: Date[]; updatedAt: Date };

/**
 * Per quota key (`email`: the canonical address, services/canonicalEmail.ts), when its recent
 * links were created. One document per key, so that the
 * per-address limit is decided by single-document atomic updates, without transactions.
 */
export const emailLinkQuotaSchema = new Schema<EmailLinkQuotaDocument>(
  {
    email: { type: String, required: true, unique: true },
    stamps: { type: [Date], default: [] },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'email_link_quotas', versionKey: false, autoIndex: false, autoCreate: false },
);

emailLinkQuotaSchema.index({ updatedAt: 1 }, { expireAfterSeconds: EMAIL_LINK_QUOTA_TTL_SECONDS });

export function emailLinkQuotaModel(connection: Connection) {
  return connection.model('EmailLinkQuota', emailLinkQuotaSchema);
}

export type EmailLinkQuotaModel = ReturnType<typeof emailLinkQuotaModel>;

/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose types a schema
   path's options as its SchemaTypeOptions class, yet takes plain objects by design. */
import { PushPlatformSchema, type PushPlatform } from '@assetra/shared';
import { Schema, type Connection, type Types } from 'mongoose';

/**
 * Written out rather than inferred, as in Portfolio.ts: an ObjectId path's inferred type
 * cannot be emitted by `tsc --declaration`.
 */
export type PushTokenDocument = {
  token: string;
  userId: Types.ObjectId;
  /** The Clerk session that registered it: revoking the session drops the token. */
  sessionId: string;
  platform: PushPlatform;
  createdAt: Date;
  updatedAt: Date;
};

/** An Expo push token; unique, so a device that changes hands moves to its new user. */
export const pushTokenSchema = new Schema<PushTokenDocument>(
  {
    token: { type: String, required: true, unique: true },
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    sessionId: { type: String, required: true, index: true },
    platform: { type: String, enum: PushPlatformSchema.options, required: true },
    // Set by the store's upserts rather than mongoose's `timestamps`, like the other models:
    // the newest-first order (and the per-user cap) depends on them.
    createdAt: { type: Date, default: Date.now, required: true },
    updatedAt: { type: Date, default: Date.now, required: true },
  },
  { collection: 'push_tokens', versionKey: false, autoIndex: false, autoCreate: false },
);

// Serves both "this user's tokens" and "newest first" (listing, trimming to the cap).
pushTokenSchema.index({ userId: 1, updatedAt: -1 });

export function pushTokenModel(connection: Connection) {
  return connection.model('PushToken', pushTokenSchema);
}

export type PushTokenModel = ReturnType<typeof pushTokenModel>;

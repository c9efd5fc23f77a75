/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose types a schema
   path's options as its SchemaTypeOptions class, yet takes plain objects by design. */
import { SECURITY_EVENT_TYPES } from '@assetra/shared';
import { Schema, type Connection, type Types } from 'mongoose';

import type { SecurityDevice, SecurityEventDetail, SecurityEventType } from '../store/port.js';

/** The Security center keeps events this long; MongoDB's TTL monitor removes older ones. */
export const SECURITY_EVENT_TTL_SECONDS = 400 * 24 * 60 * 60;

/** Written out, as in PushToken.ts: an ObjectId path's inferred type cannot be emitted. */
export type SecurityEventDocument = {
  userId: Types.ObjectId;
  type: SecurityEventType;
  at: Date;
  device: SecurityDevice | null;
  detail: SecurityEventDetail;
};

/** What happened to an account: append-only, erased with the account (the tombstone stays). */
export const securityEventSchema = new Schema<SecurityEventDocument>(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    type: { type: String, enum: SECURITY_EVENT_TYPES, required: true },
    at: { type: Date, required: true },
    device: { type: Schema.Types.Mixed, default: null },
    detail: { type: Schema.Types.Mixed, default: {} },
  },
  {
    collection: 'security_events',
    versionKey: false,
    autoIndex: false,
    autoCreate: false,
    minimize: false,
  },
);

// Newest first per user, the cursor's tie-break included; and the retention.
securityEventSchema.index({ userId: 1, at: -1, _id: -1 });
securityEventSchema.index({ at: 1 }, { expireAfterSeconds: SECURITY_EVENT_TTL_SECONDS });

export function securityEventModel(connection: Connection) {
  return connection.model('SecurityEvent', securityEventSchema);
}

export type SecurityEventModel = ReturnType<typeof securityEventModel>;

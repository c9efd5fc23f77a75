/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose types a schema
   path's options as its SchemaTypeOptions class, yet takes plain objects by design. */
import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/** A Clerk session ended or revoked: every token with this `sid` is refused from then on. */
export const revokedSessionSchema = new Schema(
  {
    sessionId: { type: String, required: true, unique: true },
    revokedAt: { type: Date, default: Date.now, required: true },
  },
  { collection: 'revoked_sessions', versionKey: false, autoIndex: false, autoCreate: false },
);

export type RevokedSessionDocument = InferSchemaType<typeof revokedSessionSchema>;

export function revokedSessionModel(connection: Connection) {
  return connection.model('RevokedSession', revokedSessionSchema);
}

export type RevokedSessionModel = ReturnType<typeof revokedSessionModel>;

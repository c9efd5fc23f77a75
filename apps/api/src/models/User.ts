/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose types a schema
   path's options as its SchemaTypeOptions class, yet takes plain objects by design. */
import { Schema, type Connection, type InferSchemaType } from 'mongoose';

export const SUBSCRIPTION_STATUSES = ['free', 'active', 'grace_period', 'expired'] as const;

/**
 * One document per Clerk user. `clerkUserId` stays unique forever: a deleted account keeps
 * its document as a tombstone (`deletedAt` set, personal fields erased), so the unique key
 * itself stops a racing request from re-creating the user.
 */
export const userSchema = new Schema(
  {
    clerkUserId: { type: String, required: true, unique: true },
    // null until Clerk tells us the address (its Backend API may be down at provisioning).
    email: { type: String, default: null },
    displayName: { type: String, default: null },
    subscriptionStatus: {
      type: String,
      enum: SUBSCRIPTION_STATUSES,
      default: 'free',
      required: true,
    },
    entitlements: { type: [String], default: [] },
    isActive: { type: Boolean, default: true, required: true },
    createdAt: { type: Date, default: Date.now, required: true },
    updatedAt: { type: Date, default: Date.now, required: true },
    deletedAt: { type: Date, default: null },
  },
  // Documents are only ever written through atomic updates, never `save()`, so a version key
  // would guard nothing. Indexes are built by the store once connected, not on model compile.
  { collection: 'users', versionKey: false, autoIndex: false, autoCreate: false },
);

export type UserDocument = InferSchemaType<typeof userSchema>;

/** Registers the model on the given connection (each store owns its connection). */
export function userModel(connection: Connection) {
  return connection.model('User', userSchema);
}

export type UserModel = ReturnType<typeof userModel>;

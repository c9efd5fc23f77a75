/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose types a schema
   path's options as its SchemaTypeOptions class, yet takes plain objects by design. */
import { SubscriptionStatusSchema, type SubscriptionStatus } from '@assetra/shared';
import { Schema, type Connection } from 'mongoose';

/** Who chose the displayName: Clerk's name is followed only until the user sets their own. */
export const DISPLAY_NAME_SOURCES = ['clerk', 'user'] as const;

/**
 * Written out rather than inferred: the inferred type names mongoose's `NativeDate` class,
 * which the port's plain `Date` values cannot be assigned to under the type-checked lint.
 */
export type UserDocument = {
  clerkUserId: string;
  email: string | null;
  displayName: string | null;
  displayNameSource: (typeof DISPLAY_NAME_SOURCES)[number];
  clerkUpdatedAt: Date | null;
  clerkEventId: string | null;
  subscriptionStatus: SubscriptionStatus;
  entitlements: string[];
  subscriptionExpiresAt: Date | null;
  subscriptionEventAt: Date | null;
  subscriptionEventId: string | null;
  isActive: boolean;
  /** Passkey ids of the last applied Clerk user event (null: none seen yet). */
  passkeyIds?: string[] | null;
  /** The last new-device email: at most one per user per hour. */
  newDeviceEmailAt?: Date | null;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
};

/**
 * One document per Clerk user. `clerkUserId` stays unique forever: a deleted account keeps
 * its document as a tombstone (`deletedAt` set, personal fields erased), so the unique key
 * itself stops a racing request from re-creating the user.
 */
export const userSchema = new Schema<UserDocument>(
  {
    clerkUserId: { type: String, required: true, unique: true },
    // null until Clerk tells us the address (its Backend API may be down at provisioning).
    email: { type: String, default: null },
    displayName: { type: String, default: null },
    displayNameSource: {
      type: String,
      enum: DISPLAY_NAME_SOURCES,
      default: 'clerk',
      required: true,
    },
    // The last Clerk user event applied: only a strictly newer `updated_at` applies, and the
    // id tells a redelivery of that very event (racing it, without transactions) from a stale one.
    clerkUpdatedAt: { type: Date, default: null },
    clerkEventId: { type: String, default: null },
    subscriptionStatus: {
      type: String,
      enum: SubscriptionStatusSchema.options,
      default: 'free',
      required: true,
    },
    entitlements: { type: [String], default: [] },
    subscriptionExpiresAt: { type: Date, default: null },
    // The last RevenueCat event applied: an older one changes nothing, and the same one again
    // (a redelivery racing it, without transactions) changes nothing and is told apart.
    subscriptionEventAt: { type: Date, default: null },
    subscriptionEventId: { type: String, default: null },
    isActive: { type: Boolean, default: true, required: true },
    passkeyIds: { type: [String], default: null },
    newDeviceEmailAt: { type: Date, default: null },
    createdAt: { type: Date, default: Date.now, required: true },
    updatedAt: { type: Date, default: Date.now, required: true },
    deletedAt: { type: Date, default: null },
  },
  // Documents are only ever written through atomic updates, never `save()`, so a version key
  // would guard nothing. Indexes are built by the store once connected, not on model compile.
  { collection: 'users', versionKey: false, autoIndex: false, autoCreate: false },
);

/** Registers the model on the given connection (each store owns its connection). */
export function userModel(connection: Connection) {
  return connection.model('User', userSchema);
}

export type UserModel = ReturnType<typeof userModel>;

import { text, withoutControlCharacters } from '@assetra/shared';
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import { EventTimeMsSchema } from './eventTime.js';
import { HttpError } from '../errors.js';
import type { ClerkUserUpdate, SecurityActor, SignInInput } from '../store/port.js';
import { deviceOf } from './device.js';

export type SignedDelivery = { svixId: string; event: unknown };

/**
 * Svix verification over the exact bytes received: `svix-id`, `svix-timestamp` (±300 s) and
 * `svix-signature` (space-separated; only `v1,` entries count, one match suffices). Svix's
 * scheme is Standard Webhooks', the library Clerk's own `verifyWebhook` uses.
 */
export function verifySvixDelivery(
  secret: string,
  raw: Buffer,
  header: (name: string) => string | undefined,
): SignedDelivery {
  const svixId = header('svix-id');
  const timestamp = header('svix-timestamp');
  const signature = header('svix-signature');
  if (!svixId || !timestamp || !signature || svixId.length > 200)
    throw new HttpError('invalid_signature');
  try {
    new Webhook(secret).verify(
      raw,
      {
        'webhook-id': svixId,
        'webhook-timestamp': timestamp,
        'webhook-signature': signature,
      },
      { jsonParse: false },
    );
  } catch {
    throw new HttpError('invalid_signature');
  }
  let event: unknown;
  try {
    event = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError('malformed_json');
  }
  return { svixId, event };
}

const EventSchema = z.object({ type: z.string(), data: z.record(z.string(), z.unknown()) });

// Ids and addresses are Clerk's own, validated there: a control character in one means the
// payload is not Clerk's, so it is refused (400). Names are free text users type; a control
// character there is Clerk data we take (as a space) rather than drop the ban or email change
// that came with it.
const UserDataSchema = z.object({
  id: text().min(1),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  primary_email_address_id: text().nullish(),
  email_addresses: z.array(z.object({ id: text(), email_address: text() })).default([]),
  // Only the ids are kept: enough to tell an added passkey from a removed one.
  passkeys: z.array(z.object({ id: text().min(1) })).nullish(),
  banned: z.boolean().default(false),
  locked: z.boolean().default(false),
  updated_at: EventTimeMsSchema,
});

const IdDataSchema = z.object({ id: text().min(1) });
const SessionDataSchema = z.object({ id: text().min(1), user_id: text().min(1) });
const SessionCreatedSchema = SessionDataSchema.extend({
  created_at: EventTimeMsSchema,
  latest_activity: z.unknown().optional(),
});

/**
 * Who ended a session, from the event: `session.ended` / `session.removed` are the user's own
 * sign-out or removal on a device; `session.revoked` came from Clerk (the dashboard, a ban). A
 * revocation made through this API is already recorded as the user's, and the webhook that
 * follows it adds nothing.
 */
const endedBy: Record<string, SecurityActor> = {
  'session.ended': 'user',
  'session.removed': 'user',
  'session.revoked': 'clerk',
};

export type ClerkEffect =
  | { kind: 'user'; update: ClerkUserUpdate }
  | { kind: 'delete'; clerkUserId: string }
  | { kind: 'revoke'; sessionId: string; clerkUserId: string; by: SecurityActor }
  | { kind: 'sign_in'; signIn: SignInInput }
  | { kind: 'ignore' };

/** What a verified Clerk event asks of us; a malformed one is a 400 `validation_failed`. */
export function clerkEffectOf(event: unknown): ClerkEffect {
  const { type, data } = EventSchema.parse(event);
  switch (type) {
    case 'user.created':
    case 'user.updated': {
      const user = UserDataSchema.parse(data);
      const primary = user.email_addresses.find(
        (address) => address.id === user.primary_email_address_id,
      );
      const joined = [user.first_name, user.last_name].filter(Boolean).join(' ');
      const name = withoutControlCharacters(joined).trim();
      return {
        kind: 'user',
        update: {
          clerkUserId: user.id,
          email: primary?.email_address ?? null,
          clerkName: name === '' ? null : name,
          isActive: !user.banned && !user.locked,
          clerkUpdatedAt: new Date(user.updated_at),
          passkeyIds: user.passkeys ? user.passkeys.map((passkey) => passkey.id) : null,
        },
      };
    }
    case 'user.deleted':
      return { kind: 'delete', clerkUserId: IdDataSchema.parse(data).id };
    case 'session.ended':
    case 'session.removed':
    case 'session.revoked': {
      const session = SessionDataSchema.parse(data);
      const by = endedBy[type] ?? 'clerk';
      return { kind: 'revoke', sessionId: session.id, clerkUserId: session.user_id, by };
    }
    case 'session.created': {
      const session = SessionCreatedSchema.parse(data);
      return {
        kind: 'sign_in',
        signIn: {
          clerkUserId: session.user_id,
          sessionId: session.id,
          at: new Date(session.created_at),
          device: deviceOf(session.latest_activity),
        },
      };
    }
    default:
      return { kind: 'ignore' };
  }
}

import { Webhook } from 'svix';

export const WEBHOOK_SECRET = `whsec_${Buffer.from('assetra-api-test-webhook-secret!').toString('base64')}`;

/** Headers for a body signed with the `svix` library itself, independent of the API's verifier. */
export function svixHeaders(
  body: string,
  options: { id?: string; at?: Date; secret?: string; signature?: (good: string) => string } = {},
): Record<string, string> {
  const id = options.id ?? `msg_${Math.random().toString(36).slice(2)}`;
  const at = options.at ?? new Date();
  const good = new Webhook(options.secret ?? WEBHOOK_SECRET).sign(id, at, body);
  return {
    'content-type': 'application/json',
    'svix-id': id,
    'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
    'svix-signature': options.signature ? options.signature(good) : good,
  };
}

/** A Clerk `user.*` event body as Clerk sends it (the fields the API reads, and some it does not). */
export function clerkUserEvent(
  type: 'user.created' | 'user.updated',
  user: {
    id: string;
    email?: string;
    firstName?: string;
    lastName?: string;
    banned?: boolean;
    locked?: boolean;
    /** Passkey ids; absent: the payload carries no `passkeys` at all. */
    passkeys?: string[];
    updatedAt: number;
  },
): string {
  const emailId = `idn_${user.id}`;
  return JSON.stringify({
    type,
    object: 'event',
    timestamp: Date.now(),
    instance_id: 'ins_test',
    event_attributes: { http_request: { client_ip: '127.0.0.1', user_agent: 'test' } },
    data: {
      object: 'user',
      id: user.id,
      first_name: user.firstName ?? null,
      last_name: user.lastName ?? null,
      primary_email_address_id: user.email ? emailId : null,
      email_addresses: user.email
        ? [
            {
              object: 'email_address',
              id: emailId,
              email_address: user.email,
              verification: { status: 'verified', strategy: 'admin' },
              linked_to: [],
            },
          ]
        : [],
      ...(user.passkeys
        ? { passkeys: user.passkeys.map((id) => ({ object: 'passkey', id })) }
        : {}),
      banned: user.banned ?? false,
      locked: user.locked ?? false,
      created_at: user.updatedAt,
      updated_at: user.updatedAt,
      public_metadata: {},
    },
  });
}

import type { SignInTokenJSON, VerificationJSON } from '@clerk/backend';
import type { UserJSON } from './wire.js';

export type EmailRecord = {
  id: string;
  email: string;
  verified: boolean;
  /** Absent from state kept by older versions of the stand-in. */
  createdAt?: number;
};

export type UserRecord = {
  id: string;
  emailAddresses: EmailRecord[];
  primaryEmailAddressId: string | null;
  firstName: string | null;
  lastName: string | null;
  externalId: string | null;
  banned: boolean;
  locked: boolean;
  publicMetadata: Record<string, unknown>;
  privateMetadata: Record<string, unknown>;
  unsafeMetadata: Record<string, unknown>;
  lastSignInAt: number | null;
  createdAt: number;
  updatedAt: number;
};

export type SignInTokenRecord = {
  id: string;
  userId: string;
  token: string;
  status: 'pending' | 'accepted' | 'revoked';
  expiresAt: number;
  createdAt: number;
  updatedAt: number;
};

// Clerk's wire format has no `object`/`id` on a verification, though the SDK's type inherits them.
const verificationJSON = (verified: boolean) =>
  ({
    status: verified ? 'verified' : 'unverified',
    strategy: verified ? 'admin' : 'email_code',
    attempts: null,
    expire_at: null,
  }) as unknown as VerificationJSON;

export function userJSON(user: UserRecord): UserJSON {
  return {
    object: 'user',
    id: user.id,
    username: null,
    first_name: user.firstName,
    last_name: user.lastName,
    image_url: `https://img.clerk.com/placeholder/${user.id}`,
    profile_image_url: `https://img.clerk.com/placeholder/${user.id}`,
    has_image: false,
    primary_email_address_id: user.primaryEmailAddressId,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    password_enabled: false,
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    mfa_enabled_at: null,
    mfa_disabled_at: null,
    email_addresses: user.emailAddresses.map((address) => ({
      object: 'email_address',
      id: address.id,
      email_address: address.email,
      reserved: false,
      verification: verificationJSON(address.verified),
      linked_to: [],
      created_at: address.createdAt ?? user.createdAt,
      updated_at: address.createdAt ?? user.createdAt,
    })),
    phone_numbers: [],
    web3_wallets: [],
    passkeys: [],
    organization_memberships: [],
    external_accounts: [],
    saml_accounts: [],
    enterprise_accounts: [],
    password_last_updated_at: null,
    public_metadata: user.publicMetadata,
    private_metadata: user.privateMetadata,
    unsafe_metadata: user.unsafeMetadata,
    external_id: user.externalId,
    last_sign_in_at: user.lastSignInAt,
    banned: user.banned,
    locked: user.locked,
    deprovisioned: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: null,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    last_active_at: user.lastSignInAt,
    create_organization_enabled: true,
    create_organizations_limit: null,
    delete_self_enabled: true,
    legal_accepted_at: null,
    locale: null,
  };
}

export function signInTokenJSON(record: SignInTokenRecord, issuer: string): SignInTokenJSON {
  return {
    object: 'sign_in_token',
    id: record.id,
    user_id: record.userId,
    token: record.token,
    status: record.status,
    url: `${issuer}/v1/tickets/accept?ticket=${record.token}`,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
  };
}

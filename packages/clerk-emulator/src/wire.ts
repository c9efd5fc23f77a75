import type {
  EmailAddressJSON as SdkEmailAddressJSON,
  SessionJSON as SdkSessionJSON,
  UserJSON as SdkUserJSON,
} from '@clerk/backend';

/**
 * Clerk's wire format as its OpenAPI specification has it. `@clerk/backend`'s JSON types
 * are the starting point, corrected where they lag the specification (the fidelity tests
 * validate every value of these types against it).
 */
export type EmailAddressJSON = SdkEmailAddressJSON & {
  reserved: boolean;
  created_at: number;
  updated_at: number;
};

export type UserJSON = Omit<
  SdkUserJSON,
  'email_addresses' | 'organization_memberships' | 'timezone'
> & {
  email_addresses: EmailAddressJSON[];
  organization_memberships: never[];
  passkeys: never[];
  saml_accounts: never[];
  profile_image_url: string;
  mfa_enabled_at: number | null;
  mfa_disabled_at: number | null;
};

/** Clerk's `SessionActivityResponse`: where and on what a session was last used. */
export type SessionActivityJSON = {
  object: 'session_activity';
  id: string;
  is_mobile: boolean;
  device_type?: string;
  browser_name?: string;
  browser_version?: string;
  ip_address?: string;
  city?: string;
  country?: string;
};

/** The statuses the stand-in produces; Clerk also has `abandoned`, `replaced` and `pending`. */
export type SessionStatus = 'active' | 'revoked' | 'ended' | 'removed' | 'expired';

export type SessionJSON = Omit<
  SdkSessionJSON,
  'status' | 'latest_activity' | 'last_active_organization_id'
> & {
  status: SessionStatus;
  last_active_organization_id: string | null;
  latest_activity: SessionActivityJSON | null;
};

/** The `data` of Clerk's `session.*` webhooks: the session and its user. */
export type SessionEventJSON = SessionJSON & { user: UserJSON };

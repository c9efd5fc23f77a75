import { clerkId } from './ids.js';
import type { SessionActivityJSON, SessionJSON, SessionStatus } from './wire.js';

const MINUTE = 60_000;
const DAY = 24 * 3600 * 1000;
/** Clerk's default maximum session lifetime. */
const SESSION_LIFETIME_MS = 7 * DAY;
/** Clerk abandons a session 30 days after it began. */
const SESSION_ABANDON_MS = 30 * DAY;

/** The device a session is used from, as Clerk's `latest_activity` describes it. */
export type SessionActivityParams = {
  deviceType?: string | undefined;
  browserName?: string | undefined;
  browserVersion?: string | undefined;
  city?: string | undefined;
  country?: string | undefined;
  isMobile?: boolean | undefined;
  ipAddress?: string | undefined;
};

export type SessionRecord = {
  id: string;
  userId: string;
  clientId: string;
  /** What happened to the session; `expired` is derived from the clock, never stored. */
  status: Exclude<SessionStatus, 'expired'>;
  /** When the first and second factor were verified (ms); drives the `fva` claim. */
  firstFactorVerifiedAt: number;
  secondFactorVerifiedAt: number | null;
  /** Absent from state kept by older versions of the stand-in. */
  lastActiveAt?: number;
  latestActivity?: SessionActivityJSON | null;
  createdAt: number;
  updatedAt: number;
};

/** A new active session, its factors verified `factorAgeMinutes` ago (-1: never). */
export function newSession(
  userId: string,
  at: number,
  [first, second]: [number, number] = [0, -1],
  activity?: SessionActivityParams,
): SessionRecord {
  return {
    id: clerkId('sess'),
    userId,
    clientId: clerkId('client'),
    status: 'active',
    firstFactorVerifiedAt: at - first * MINUTE,
    secondFactorVerifiedAt: second < 0 ? null : at - second * MINUTE,
    lastActiveAt: at,
    latestActivity: activity ? activityJSON(activity) : null,
    createdAt: at,
    updatedAt: at,
  };
}

/** The `fva` claim: whole minutes since each factor was verified, -1 for never. */
export function factorAges(session: SessionRecord, now: number): [number, number] {
  const minutes = (since: number | null) =>
    since === null ? -1 : Math.floor((now - since) / MINUTE);
  return [minutes(session.firstFactorVerifiedAt), minutes(session.secondFactorVerifiedAt)];
}

/** The fields given, under Clerk's names (`SessionActivityResponse`). */
export function activityFields(
  params: SessionActivityParams,
): Partial<Omit<SessionActivityJSON, 'object' | 'id'>> {
  const { deviceType, browserName, browserVersion, ipAddress, city, country, isMobile } = params;
  return {
    ...(deviceType !== undefined && { device_type: deviceType }),
    ...(browserName !== undefined && { browser_name: browserName }),
    ...(browserVersion !== undefined && { browser_version: browserVersion }),
    ...(ipAddress !== undefined && { ip_address: ipAddress }),
    ...(city !== undefined && { city }),
    ...(country !== undefined && { country }),
    ...(isMobile !== undefined && { is_mobile: isMobile }),
  };
}

export function activityJSON(params: SessionActivityParams): SessionActivityJSON {
  return {
    object: 'session_activity',
    id: clerkId('activity'),
    is_mobile: false,
    ...activityFields(params),
  };
}

export function sessionStatus(session: SessionRecord, now: number): SessionStatus {
  const expired = now >= session.createdAt + SESSION_LIFETIME_MS;
  return session.status === 'active' && expired ? 'expired' : session.status;
}

export function sessionJSON(session: SessionRecord, now: number): SessionJSON {
  return {
    object: 'session',
    id: session.id,
    client_id: session.clientId,
    user_id: session.userId,
    status: sessionStatus(session, now),
    actor: null,
    last_active_organization_id: null,
    last_active_at: session.lastActiveAt ?? session.createdAt,
    latest_activity: session.latestActivity ?? null,
    expire_at: session.createdAt + SESSION_LIFETIME_MS,
    abandon_at: session.createdAt + SESSION_ABANDON_MS,
    created_at: session.createdAt,
    updated_at: session.updatedAt,
  };
}

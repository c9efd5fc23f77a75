import { describeApiError } from '../../services/apiErrors';
import { unreachableReason } from '../../services/reachability';

const OFFLINE = "You're offline. Check your connection and try again.";

/**
 * What a section of /security says when its list could not be read: the device is offline, or
 * Assetra (or Clerk behind it: a 502) did not answer — `unavailable`, the section's own words —
 * or the API's own problem. Never a sign-out: only a refused token (401) ends the session.
 */
export function loadFailure(error: unknown, online: boolean, unavailable: string): string {
  const reason = unreachableReason(error, online);
  if (reason === 'offline') return OFFLINE;
  if (reason === 'unavailable') return unavailable;
  return describeApiError(error);
}

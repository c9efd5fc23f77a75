import { withoutControlCharacters } from '@assetra/shared';
import { z } from 'zod';
import type { SecurityDevice } from '../store/port.js';

// Free text from a browser's user agent and a geo lookup: taken, control characters as spaces,
// and bounded, rather than refusing a whole sign-in over one odd field.
const field = z
  .string()
  .transform((value) => withoutControlCharacters(value).trim().slice(0, 100) || null)
  .nullish()
  .catch(null);

const ActivitySchema = z.object({
  device_type: field,
  browser_name: field,
  city: field,
  country: field,
  is_mobile: z.boolean().nullish().catch(null),
});

/**
 * The device of Clerk's `latest_activity` (session JSON, webhook or Backend API): type,
 * browser, city, country, mobile or not. The IP address is never taken. Null when absent.
 */
export function deviceOf(activity: unknown): SecurityDevice | null {
  if (activity === null || typeof activity !== 'object') return null;
  const parsed = ActivitySchema.parse(activity);
  return {
    type: parsed.device_type ?? null,
    isMobile: parsed.is_mobile ?? null,
    browser: parsed.browser_name ?? null,
    city: parsed.city ?? null,
    country: parsed.country ?? null,
  };
}

import type { SecurityDevice, SignInInput, SignInNovelty } from './port.js';

/** How many earlier sign-ins an adapter reads to judge a new one. */
export const EARLIER_SIGN_INS = 500;

const unknown: SecurityDevice = {
  type: null,
  isMobile: null,
  browser: null,
  city: null,
  country: null,
};

/**
 * The new-device rule, shared by every adapter: `first` without any earlier sign-in, `new`
 * when neither the device (type + browser) nor, separately, the country signed in since
 * `since`, else `known`. Unknown fields compare as equal nulls.
 */
export function signInNoveltyOf(
  earlier: { at: Date; device: SecurityDevice | null }[],
  input: SignInInput,
  since: Date,
): SignInNovelty {
  if (earlier.length === 0) return 'first';
  const wanted = input.device ?? unknown;
  const recent = earlier
    .filter((event) => event.at >= since)
    .map((event) => event.device ?? unknown);
  const sameDevice = recent.some(
    (seen) => seen.type === wanted.type && seen.browser === wanted.browser,
  );
  const sameCountry = recent.some((seen) => seen.country === wanted.country);
  return sameDevice && sameCountry ? 'known' : 'new';
}

// assetra-e2e-clerk-double: the calls the double makes to the local Clerk stand-in.

/** Proxied to the stand-in by the e2e server, so the browser stays same-origin. */
const STAND_IN = '/__clerk';

export type Result = { error: { code: string; message: string } | null };
type Minted = { jwt: string; session_id: string; user_id: string };
type ClerkErrorJSON = { code: string; message: string; long_message?: string };
export type SignInResponse = {
  response: { status: string; created_session_id: string | null };
  client: { sessions: { id: string; user: { id: string } }[] };
};

/**
 * The device in Clerk's `latest_activity` terms, as Clerk reads it from the request's user agent
 * (only the few names the E2E's browser contexts use; the stand-in knows no location for 127.0.0.1).
 */
export function activity(userAgent: string): Record<string, string | boolean> {
  const type = /iPhone/.exec(userAgent)?.[0] ?? /Macintosh|Android/.exec(userAgent)?.[0];
  const browser = /Firefox|Chrome|CriOS|Safari/.exec(userAgent)?.[0];
  return {
    ...(type ? { device_type: type, is_mobile: type !== 'Macintosh' } : {}),
    ...(browser ? { browser_name: browser === 'CriOS' ? 'Chrome' : browser } : {}),
  };
}

/**
 * A real RS256 session token from the stand-in's development route (creates the user by email);
 * null when the session is no longer active there (Clerk's `getToken()` then has none either).
 */
export async function mint(body: Record<string, unknown>): Promise<Minted | null> {
  const response = await fetch(`${STAND_IN}/__dev/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, activity: activity(globalThis.navigator.userAgent) }),
  });
  if (response.status === 400) {
    // The session was revoked or ended at the stand-in: like Clerk, no token for it any more.
    const body = (await response.json()) as { errors?: ClerkErrorJSON[] };
    if (body.errors?.[0]?.code === 'session_not_active') return null;
  }
  if (!response.ok) throw Object.assign(new Error('stand-in refused'), { code: 'network_error' });
  return (await response.json()) as Minted;
}

/** `POST /v1/client/sign_ins` on the stand-in; a refusal becomes Core 3's `{ error }`. */
export async function createSignIn(
  params: Record<string, string>,
): Promise<{ error: Result['error'] } | { body: SignInResponse }> {
  const response = await fetch(`${STAND_IN}/v1/client/sign_ins`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  }).catch(() => null);
  if (response === null) return { error: { code: 'network_error', message: 'offline' } };
  if (!response.ok) {
    const body = (await response.json()) as { errors?: ClerkErrorJSON[] };
    const first = body.errors?.[0];
    return {
      error: {
        code: first?.code ?? 'unexpected',
        message: first?.long_message ?? first?.message ?? 'Sign-in was refused',
      },
    };
  }
  return { body: (await response.json()) as SignInResponse };
}

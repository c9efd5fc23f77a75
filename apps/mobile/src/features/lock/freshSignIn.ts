/**
 * Set by the sign-in flow once Clerk has activated a session in this process: the user has just
 * proven who they are, so the app lock starts unlocked instead of prompting straight away.
 */
let fresh = false;

export function markFreshSignIn(): void {
  fresh = true;
}

export function consumeFreshSignIn(): boolean {
  const value = fresh;
  fresh = false;
  return value;
}

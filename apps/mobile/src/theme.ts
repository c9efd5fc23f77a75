/** The dark palette every screen uses; contrast ratios checked against WCAG AA on `background`. */
export const colors = {
  background: '#0B0F17',
  surface: '#141A26',
  surfaceRaised: '#1C2433',
  border: '#2A3446',
  text: '#F2F5FA',
  textMuted: '#9AA6BA',
  accent: '#3DD68C',
  accentText: '#06210F',
  danger: '#FF6B6B',
  warning: '#F5C451',
  white: '#FFFFFF',
  black: '#000000',
} as const;

/** Google's "Sign in with Google" dark-theme button colours (its branding guidelines). */
export const googleButton = { background: '#131314', border: '#8E918F', text: '#E3E3E3' } as const;

export const spacing = { xs: 4, sm: 8, md: 16, lg: 24, xl: 32 } as const;

export const radius = { md: 12, lg: 16 } as const;

/** One line of 15 pt text: the room kept under a field for its error, so nothing jumps. */
export const MESSAGE_LINE = 21;

/** Large touch targets: well above the 44 pt / 48 dp minimums. */
export const BUTTON_HEIGHT = 56;

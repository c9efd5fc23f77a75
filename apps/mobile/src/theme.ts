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

export const spacing = { xs: 4, sm: 8, md: 16, lg: 24, xl: 32 } as const;

export const radius = { md: 12, lg: 16 } as const;

/** Large touch targets: well above the 44 pt / 48 dp minimums. */
export const BUTTON_HEIGHT = 56;

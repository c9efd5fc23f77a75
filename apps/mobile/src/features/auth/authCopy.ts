import type { AuthMode } from './useAuthFlows';

type ScreenCopy = {
  title: string;
  subtitle: string;
  switchText: string;
  switchHref: '/sign-up' | '/sign-in';
  switchLabel: string;
};

export const AUTH_COPY: Record<AuthMode, ScreenCopy> = {
  'sign-in': {
    title: 'Sign in to Assetra',
    subtitle: 'Your portfolio, protected by your device.',
    switchText: 'New to Assetra?',
    switchHref: '/sign-up',
    switchLabel: 'Create an account',
  },
  'sign-up': {
    title: 'Create your Assetra account',
    subtitle: 'No password to remember: use Apple, Google or your email.',
    switchText: 'Already have an account?',
    switchHref: '/sign-in',
    switchLabel: 'Sign in',
  },
};

import { Platform } from 'react-native';

import type { NoticeTone } from '../../../components/Notice';
import { waitPhrase } from './requestLink';
import type { LinkState } from './useRedeemEmailLink';

export type LinkAction = 'retry' | 'new-link' | 'code' | 'sign-in';
/** What the link screen shows for a state: a spinner, or a stop with its ways forward. */
export type LinkView =
  | { kind: 'progress'; message: string }
  | { kind: 'stop'; title: string; body: string; tone: NoticeTone; actions: LinkAction[] };

const samePlace = () =>
  Platform.OS === 'web'
    ? 'in the browser tab where you asked for it'
    : 'in the Assetra app on the device where you asked for it';

export function describeLinkState(state: LinkState): LinkView {
  switch (state.step) {
    case 'checking':
      return { kind: 'progress', message: 'Checking your sign-in link…' };
    case 'signing-in':
      return { kind: 'progress', message: 'Signing you in…' };
    case 'missing-token':
      return {
        kind: 'stop',
        title: 'This link is incomplete',
        body: 'The link has no sign-in code in it; your email app may have cut it short. Request a new link and open it straight from the email.',
        tone: 'error',
        actions: ['new-link', 'sign-in'],
      };
    case 'wrong-device':
      return {
        kind: 'stop',
        title: "This link doesn't work here",
        body: `For your security, a sign-in link works once, and only ${samePlace()}. Open it there, or request a new link here.`,
        tone: 'error',
        actions: ['new-link', 'sign-in'],
      };
    case 'expired':
      return {
        kind: 'stop',
        title: 'This link has expired',
        body: 'Sign-in links work for 15 minutes. Request a new one to sign in.',
        tone: 'info',
        actions: ['new-link', 'sign-in'],
      };
    case 'used':
      return {
        kind: 'stop',
        title: 'This link was already used',
        body: 'Each sign-in link works once. Request a new link to sign in again.',
        tone: 'info',
        actions: ['new-link', 'sign-in'],
      };
    case 'not-configured':
      return {
        kind: 'stop',
        title: 'Sign-in links are unavailable',
        body: "This Assetra server can't check sign-in links right now. Sign in with a 6-digit code instead.",
        tone: 'error',
        actions: ['code'],
      };
    case 'retry':
      return {
        kind: 'stop',
        ...RETRY_COPY[state.reason](state.waitSeconds),
        tone: state.reason === 'offline' || state.reason === 'clerk-offline' ? 'offline' : 'error',
        actions: ['retry', 'sign-in'],
      };
    case 'failed':
      return {
        kind: 'stop',
        title: "We couldn't sign you in",
        body: state.message,
        tone: 'error',
        actions: ['new-link', 'sign-in'],
      };
  }
}

const RETRY_COPY: Record<
  Extract<LinkState, { step: 'retry' }>['reason'],
  (wait: number | null) => { title: string; body: string }
> = {
  offline: () => ({
    title: "You're offline",
    body: "Your link hasn't been used yet. Check your connection and try again.",
  }),
  'clerk-offline': () => ({
    title: "You're offline",
    body: 'Your link was accepted. Check your connection and try again within a minute.',
  }),
  upstream: () => ({
    title: 'Sign-in is briefly unavailable',
    body: "Our sign-in service didn't answer. Your link hasn't been used; try again in a moment.",
  }),
  'rate-limited': (wait) => ({
    title: 'Too many attempts',
    body: `Try again ${waitPhrase(wait)}. Your link hasn't been used.`,
  }),
};

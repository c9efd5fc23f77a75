import { useAuth, useClerk, useSignIn, useSignUp, useSSO } from '@clerk/expo';
import { useSignInWithApple } from '@clerk/expo/apple';
import { fireEvent, userEvent } from '@testing-library/react-native';
import { renderRouter, screen } from 'expo-router/testing-library';
import * as SecureStore from 'expo-secure-store';
import { Platform, Text } from 'react-native';

import { createClerkFakes, type ClerkFakes } from '../../../../test/support/clerkFakes';
import { bootstrapBody, realApiOverFakeHttp } from '../../../../test/support/fakeApi';
import { problem, type FakeReply, type RecordedRequest } from '../../../../test/support/fakeHttp';
import type { FakeSecureStore } from '../../../../test/support/nativeEdges';
import { getApi } from '../../../services/assetraApi';
import { SignInScreen } from '../SignInScreen';
import { EmailLinkScreen } from './EmailLinkScreen';

jest.mock('@clerk/expo', () => ({
  useAuth: jest.fn(),
  useClerk: jest.fn(),
  useSignIn: jest.fn(),
  useSignUp: jest.fn(),
  useSSO: jest.fn(),
}));
jest.mock('@clerk/expo/apple', () => ({ useSignInWithApple: jest.fn() }));
jest.mock('expo-secure-store', () =>
  jest
    .requireActual<typeof import('../../../../test/support/nativeEdges')>(
      '../../../../test/support/nativeEdges',
    )
    .fakeSecureStoreModule(),
);
jest.mock('expo-crypto', () =>
  jest
    .requireActual<typeof import('../../../../test/support/nativeEdges')>(
      '../../../../test/support/nativeEdges',
    )
    .nodeExpoCryptoModule(),
);
// Loaded by the real API module (its sign-out path); never called here.
jest.mock('react-native-purchases', () => ({}));
jest.mock('expo-notifications', () => ({}));
jest.mock('../../../services/assetraApi', () => ({
  ...jest.requireActual<typeof import('../../../services/assetraApi')>(
    '../../../services/assetraApi',
  ),
  getApi: jest.fn(),
}));

const KEY = 'assetra.emailLink.pending';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const store = SecureStore as unknown as FakeSecureStore;

let clerk: ClerkFakes;
let requests: RecordedRequest[];
let redeemReplies: FakeReply[];

function storePendingLink(expiresInMs = 10 * 60_000) {
  store.__items.set(
    KEY,
    JSON.stringify({
      email: 'ada@example.com',
      verifier: VERIFIER,
      expiresAt: Date.now() + expiresInMs,
    }),
  );
}

beforeEach(() => {
  Platform.OS = 'ios';
  store.__items.clear();
  clerk = createClerkFakes();
  redeemReplies = [{ status: 200, body: { ticket: 'tkt_1' } }];
  const fake = realApiOverFakeHttp((request) => {
    if (request.url === '/auth/email-link/redeem') return redeemReplies.shift();
    if (request.url === '/auth/bootstrap') return { status: 201, body: bootstrapBody };
    return undefined;
  });
  requests = fake.requests;
  jest.mocked(getApi).mockReturnValue(fake.api);
  jest
    .mocked(useAuth)
    .mockImplementation(() => clerk.auth.use() as unknown as ReturnType<typeof useAuth>);
  jest
    .mocked(useSignIn)
    .mockReturnValue({ signIn: clerk.signIn } as unknown as ReturnType<typeof useSignIn>);
  jest
    .mocked(useClerk)
    .mockReturnValue({ setActive: clerk.setActive } as unknown as ReturnType<typeof useClerk>);
  jest
    .mocked(useSignUp)
    .mockReturnValue({ signUp: clerk.signUp } as unknown as ReturnType<typeof useSignUp>);
  jest
    .mocked(useSSO)
    .mockReturnValue({ startSSOFlow: clerk.startSSOFlow } as unknown as ReturnType<typeof useSSO>);
  jest.mocked(useSignInWithApple).mockReturnValue({
    startAppleAuthenticationFlow: clerk.startAppleAuthenticationFlow,
  } as unknown as ReturnType<typeof useSignInWithApple>);
});

function openLink(url = '/auth/email-link?token=tok_abc') {
  renderRouter(
    {
      'auth/email-link': EmailLinkScreen,
      '(auth)/sign-in': SignInScreen,
      '(app)/home': () => <Text>Home screen</Text>,
    },
    { initialUrl: url },
  );
  // renderRouter leaves fake timers on; the redemption starts on mount and runs on real promises,
  // so findBy* must poll with real timers (outside act) to see it settle.
  jest.useRealTimers();
  return userEvent.setup();
}

const redeems = () => requests.filter((r) => r.url === '/auth/email-link/redeem');

describe('opening an email sign-in link', () => {
  it('redeems the token with the stored verifier, signs in with the ticket and lands on home', async () => {
    storePendingLink();

    openLink();

    expect(await screen.findByText('Home screen')).toBeTruthy();
    expect(screen).toHavePathname('/home');
    expect(redeems()).toEqual([
      expect.objectContaining({
        method: 'POST',
        data: { token: 'tok_abc', codeVerifier: VERIFIER },
      }),
    ]);
    expect(clerk.signIn.create).toHaveBeenCalledWith({ strategy: 'ticket', ticket: 'tkt_1' });
    expect(clerk.setActive).toHaveBeenCalledWith({ session: 'sess_ticket' });
    expect(store.__items.has(KEY)).toBe(false);
  });

  it('says the link was already used and offers a new one for the same address', async () => {
    storePendingLink();
    redeemReplies = [{ status: 400, body: problem(400, 'link_used', 'Link already used') }];
    const user = openLink();

    expect(await screen.findByText('This link was already used')).toBeTruthy();
    await user.press(screen.getByRole('button', { name: 'Request a new link' }));

    expect(await screen.findByText('Sign in to Assetra')).toBeTruthy();
    expect(screen.getByLabelText('Email address').props.value).toBe('ada@example.com');
    expect(clerk.signIn.create).not.toHaveBeenCalled();
    expect(clerk.setActive).not.toHaveBeenCalled();
  });

  it('says the link has expired when the API reports link_expired', async () => {
    storePendingLink();
    redeemReplies = [{ status: 400, body: problem(400, 'link_expired', 'Link expired') }];
    openLink();

    expect(await screen.findByText('This link has expired')).toBeTruthy();
    expect(screen.getByText(/work for 15 minutes/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Request a new link' })).toBeTruthy();
    expect(clerk.signIn.create).not.toHaveBeenCalled();
  });

  it('treats a verifier past its 15 minutes as expired without asking the API, and forgets it', async () => {
    storePendingLink(-1);
    openLink();

    expect(await screen.findByText('This link has expired')).toBeTruthy();
    expect(requests).toHaveLength(0);
    expect(store.__items.has(KEY)).toBe(false);
  });

  it('explains that the link only works where it was requested when the API says link_invalid', async () => {
    storePendingLink();
    redeemReplies = [{ status: 400, body: problem(400, 'link_invalid', 'Invalid link') }];
    openLink();

    expect(await screen.findByText("This link doesn't work here")).toBeTruthy();
    expect(screen.getByText(/on the device where you asked for it/)).toBeTruthy();
    expect(clerk.signIn.create).not.toHaveBeenCalled();
  });

  it('shows the wrong-device state without calling the API when this install holds no verifier', async () => {
    const user = openLink();

    expect(await screen.findByText("This link doesn't work here")).toBeTruthy();
    expect(requests).toHaveLength(0);
    await user.press(screen.getByRole('button', { name: 'Back to sign-in' }));
    expect(await screen.findByText('Sign in to Assetra')).toBeTruthy();
  });

  it('keeps the link usable while offline and signs in when "Try again" succeeds', async () => {
    storePendingLink();
    redeemReplies = [{ network: 'offline' }, { status: 200, body: { ticket: 'tkt_2' } }];
    openLink();

    expect(await screen.findByText("You're offline")).toBeTruthy();
    expect(screen.getByText(/Your link hasn't been used yet/)).toBeTruthy();
    // fireEvent: the retry runs on promises only; findBy* below waits for it outside act.
    fireEvent.press(screen.getByRole('button', { name: 'Try again' }));

    expect(await screen.findByText('Home screen')).toBeTruthy();
    expect(redeems()).toHaveLength(2);
    expect(clerk.signIn.create).toHaveBeenCalledWith({ strategy: 'ticket', ticket: 'tkt_2' });
  });

  it('offers a retry when Clerk is unavailable behind the API (502), which works', async () => {
    storePendingLink();
    redeemReplies = [
      { status: 502, body: problem(502, 'upstream_unavailable', 'Upstream unavailable') },
      { status: 200, body: { ticket: 'tkt_1' } },
    ];
    openLink();

    expect(await screen.findByText('Sign-in is briefly unavailable')).toBeTruthy();
    fireEvent.press(screen.getByRole('button', { name: 'Try again' }));

    expect(await screen.findByText('Home screen')).toBeTruthy();
  });

  it('says sign-in links are unavailable (503) and points to the code instead', async () => {
    storePendingLink();
    redeemReplies = [{ status: 503, body: problem(503, 'not_configured', 'Not configured') }];
    const user = openLink();

    expect(await screen.findByText('Sign-in links are unavailable')).toBeTruthy();
    await user.press(screen.getByRole('button', { name: 'Use a code instead' }));

    expect(
      await screen.findByRole('link', { name: 'Email me a 6-digit code instead' }),
    ).toBeTruthy();
    expect(screen.getByLabelText('Email address').props.value).toBe('ada@example.com');
  });

  it('says the link is incomplete when it carries no token', async () => {
    storePendingLink();
    openLink('/auth/email-link');

    expect(await screen.findByText('This link is incomplete')).toBeTruthy();
    expect(requests).toHaveLength(0);
  });

  it('shows why when Clerk refuses the ticket, with a way to request a new link', async () => {
    storePendingLink();
    clerk.signIn.create.mockResolvedValueOnce({
      error: { code: 'ticket_expired', message: 'x', longMessage: 'The ticket has expired.' },
    });
    openLink();

    expect(await screen.findByText("We couldn't sign you in")).toBeTruthy();
    expect(screen.getByText('The ticket has expired.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Request a new link' })).toBeTruthy();
    expect(clerk.setActive).not.toHaveBeenCalled();
  });

  it('sends an already signed-in user home without redeeming the link', async () => {
    storePendingLink();
    clerk.auth.set({ isLoaded: true, isSignedIn: true, userId: 'user_123' });

    openLink();

    expect(await screen.findByText('Home screen')).toBeTruthy();
    expect(requests).toHaveLength(0);
    expect(store.__items.has(KEY)).toBe(true);
  });
});

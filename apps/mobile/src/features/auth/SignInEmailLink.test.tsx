import { useAuth, useClerk, useSignIn, useSignUp, useSSO } from '@clerk/expo';
import { useSignInWithApple } from '@clerk/expo/apple';
import { act, userEvent } from '@testing-library/react-native';
import { renderRouter, screen } from 'expo-router/testing-library';
import * as SecureStore from 'expo-secure-store';
import { createHash } from 'node:crypto';
import { Platform, Text } from 'react-native';

import { createClerkFakes, type ClerkFakes } from '../../../test/support/clerkFakes';
import { bootstrapBody, realApiOverFakeHttp } from '../../../test/support/fakeApi';
import { problem, type FakeReply, type RecordedRequest } from '../../../test/support/fakeHttp';
import type { FakeSecureStore } from '../../../test/support/nativeEdges';
import { getApi } from '../../services/assetraApi';
import { EmailLinkScreen } from './emailLink/EmailLinkScreen';
import { SignInScreen } from './SignInScreen';

jest.mock('@clerk/expo', () => ({
  useAuth: jest.fn(),
  useClerk: jest.fn(),
  useSignIn: jest.fn(),
  useSignUp: jest.fn(),
  useSSO: jest.fn(),
}));
jest.mock('@clerk/expo/apple', () => ({ useSignInWithApple: jest.fn() }));
jest.mock('expo-apple-authentication', () =>
  jest
    .requireActual<typeof import('../../../test/support/appleButton')>(
      '../../../test/support/appleButton',
    )
    .fakeAppleAuthenticationModule(),
);
jest.mock('expo-secure-store', () =>
  jest
    .requireActual<typeof import('../../../test/support/nativeEdges')>(
      '../../../test/support/nativeEdges',
    )
    .fakeSecureStoreModule(),
);
jest.mock('expo-crypto', () =>
  jest
    .requireActual<typeof import('../../../test/support/nativeEdges')>(
      '../../../test/support/nativeEdges',
    )
    .nodeExpoCryptoModule(),
);
// Loaded by the real API module (its sign-out path); never called here.
jest.mock('react-native-purchases', () => ({}));
jest.mock('expo-notifications', () => ({}));
jest.mock('../../services/assetraApi', () => ({
  ...jest.requireActual<typeof import('../../services/assetraApi')>('../../services/assetraApi'),
  getApi: jest.fn(),
}));

const KEY = 'assetra.emailLink.pending';
const store = SecureStore as unknown as FakeSecureStore;

let clerk: ClerkFakes;
let requests: RecordedRequest[];
let linkReplies: FakeReply[];

beforeEach(() => {
  Platform.OS = 'ios';
  store.__items.clear();
  clerk = createClerkFakes();
  linkReplies = [];
  const fake = realApiOverFakeHttp((request) => {
    if (request.url === '/auth/email-link')
      return linkReplies.shift() ?? { status: 202, body: { sent: true } };
    if (request.url === '/auth/email-link/redeem')
      return { status: 200, body: { ticket: 'tkt_1' } };
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

function renderSignIn() {
  renderRouter(
    {
      '(auth)/sign-in': SignInScreen,
      'auth/email-link': EmailLinkScreen,
      '(app)/home': () => <Text>Home screen</Text>,
    },
    { initialUrl: '/sign-in' },
  );
  return userEvent.setup();
}

const linkRequests = () => requests.filter((r) => r.url === '/auth/email-link');
const stored = () => JSON.parse(store.__items.get(KEY) ?? 'null') as { verifier: string } | null;
const sha256url = (value: string) => createHash('sha256').update(value).digest('base64url');

async function requestLink(user: ReturnType<typeof userEvent.setup>, email = ' Ada@Example.com ') {
  await user.type(screen.getByLabelText('Email address'), email);
  await user.press(screen.getByRole('button', { name: 'Email me a sign-in link' }));
}

describe('sign-in with an emailed link', () => {
  it('offers the link as the button and the 6-digit code as a text link under it', () => {
    renderSignIn();

    const labels = screen.getAllByRole('button').map((b) => b.props.accessibilityLabel as string);

    expect(labels).toContain('Email me a sign-in link');
    expect(labels.some((label) => /code/i.test(label))).toBe(false);
    expect(screen.getByRole('link', { name: 'Email me a 6-digit code instead' })).toBeTruthy();
  });

  it('sends the address with the SHA-256 challenge of a verifier kept in SecureStore', async () => {
    const user = renderSignIn();

    await requestLink(user);

    expect(await screen.findByText('Check your email')).toBeTruthy();
    expect(screen.getByText(/within 15 minutes/)).toBeTruthy();
    expect(screen.getByText('ada@example.com')).toBeTruthy();
    const verifier = stored()?.verifier ?? '';
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(linkRequests()).toEqual([
      expect.objectContaining({
        method: 'POST',
        data: { email: 'ada@example.com', codeChallenge: sha256url(verifier) },
      }),
    ]);
    expect(store.setItemAsync).toHaveBeenCalledWith(KEY, expect.any(String), {
      keychainAccessible: SecureStore.WHEN_UNLOCKED_THIS_DEVICE_ONLY,
    });
    expect(JSON.stringify(requests)).not.toContain(verifier);
  });

  it('resends with the same verifier, so the first email keeps working', async () => {
    const user = renderSignIn();
    await requestLink(user);
    await screen.findByText('Check your email');

    await user.press(screen.getByRole('button', { name: 'Resend link' }));

    expect(await screen.findByText(/A new link is on its way/)).toBeTruthy();
    const [first, second] = linkRequests();
    expect(second?.data).toEqual(first?.data);
  });

  it('explains the limit when a resend is refused with 429 and keeps "Check your email"', async () => {
    linkReplies = [
      { status: 202, body: { sent: true } },
      {
        status: 429,
        body: problem(429, 'rate_limited', 'Too many requests'),
        headers: { 'retry-after': '2400' },
      },
    ];
    const user = renderSignIn();
    await requestLink(user);
    await screen.findByText('Check your email');

    await user.press(screen.getByRole('button', { name: 'Resend link' }));

    expect(
      await screen.findByText(
        'Too many sign-in emails for this address. Try again in 40 minutes, or use a code instead.',
      ),
    ).toBeTruthy();
    expect(screen.getByText('Check your email')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Use a code instead' })).toBeEnabled();
  });

  it('switches to a 6-digit code for the same address and signs in with it', async () => {
    const user = renderSignIn();
    await requestLink(user);
    await screen.findByText('Check your email');

    await user.press(screen.getByRole('button', { name: 'Use a code instead' }));
    expect(await screen.findByText(/We emailed a 6-digit code to ada@example.com/)).toBeTruthy();
    await user.type(screen.getByLabelText('6-digit code'), '424242');
    await user.press(screen.getByRole('button', { name: 'Verify code' }));

    expect(await screen.findByText('Home screen')).toBeTruthy();
    expect(clerk.signIn.emailCode.sendCode).toHaveBeenCalledWith({
      emailAddress: 'ada@example.com',
    });
  });

  it('says so when offline and keeps no verifier for a link that was never sent', async () => {
    linkReplies = [{ network: 'offline' }];
    const user = renderSignIn();

    await requestLink(user);

    expect(await screen.findByText(/You're offline/)).toBeTruthy();
    expect(screen.queryByText('Check your email')).toBeNull();
    expect(store.__items.has(KEY)).toBe(false);
  });

  it('refuses a malformed address before calling the API', async () => {
    const user = renderSignIn();

    await requestLink(user, 'not-an-email');

    expect(await screen.findByText('Enter a valid email address.')).toBeTruthy();
    expect(linkRequests()).toHaveLength(0);
  });

  it('on web keeps the verifier out of SecureStore and still signs in from the link', async () => {
    Platform.OS = 'web';
    const user = renderSignIn();
    await requestLink(user);
    await screen.findByText('Check your email');
    const { codeChallenge } = linkRequests()[0]?.data as { codeChallenge: string };

    const { router } = jest.requireActual<typeof import('expo-router')>('expo-router');
    act(() => router.push('/auth/email-link?token=tok_web'));
    // The redemption runs on promises after the push; findBy* polls it with real timers.
    jest.useRealTimers();

    expect(await screen.findByText('Home screen')).toBeTruthy();
    expect(store.setItemAsync).not.toHaveBeenCalled();
    const redeem = requests.find((r) => r.url === '/auth/email-link/redeem');
    const { codeVerifier } = redeem?.data as { codeVerifier: string };
    expect(sha256url(codeVerifier)).toBe(codeChallenge);
  });
});

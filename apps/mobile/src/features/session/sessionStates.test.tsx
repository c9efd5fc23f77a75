import { userEvent } from '@testing-library/react-native';
import { screen, waitFor } from 'expo-router/testing-library';
import { AppState, type AppStateStatus } from 'react-native';

import { problem, type FakeReply, type RecordedRequest } from '../../../test/support/fakeHttp';
import { bootstrapBody } from '../../../test/support/fakeApi';
import {
  renderSignedInApp,
  setNetwork,
  setUpSignedInHarness,
} from '../../../test/support/signedInHarness';
import { SignInScreen } from '../auth/SignInScreen';
import { SignedInLayout } from './SignedInLayout';

jest.mock('@clerk/expo', () => ({
  getClerkInstance: jest.fn(),
  useAuth: jest.fn(),
  useSSO: jest.fn(),
  useSignIn: jest.fn(),
  useSignUp: jest.fn(),
}));
jest.mock('@clerk/expo/apple', () => ({ useSignInWithApple: jest.fn() }));
jest.mock('../../services/assetraApi', () => ({ getApi: jest.fn() }));
jest.mock('expo-secure-store', () => ({
  ...jest
    .requireActual<typeof import('../../../test/support/nativeEdges')>(
      '../../../test/support/nativeEdges',
    )
    .fakeSecureStoreModule(),
  canUseBiometricAuthentication: jest.fn(() => false),
}));
jest.mock('expo-local-authentication', () => ({
  authenticateAsync: jest.fn(async () => ({ success: true })),
}));
jest.mock('expo-screen-capture', () => ({
  enableAppSwitcherProtectionAsync: jest.fn(async () => undefined),
  disableAppSwitcherProtectionAsync: jest.fn(async () => undefined),
}));
jest.mock('react-native-purchases', () => ({
  __esModule: true,
  default: { configure: jest.fn(), logIn: jest.fn(async () => ({})), logOut: jest.fn() },
}));
jest.mock('expo-notifications', () => ({}));
jest.mock('expo-device', () => ({ isDevice: false }));

let bootstrapReplies: FakeReply[];

function routes(request: RecordedRequest): FakeReply | undefined {
  if (request.url === '/auth/bootstrap') {
    return bootstrapReplies.shift() ?? { status: 200, body: { ...bootstrapBody, created: false } };
  }
  return undefined;
}

let harness: ReturnType<typeof setUpSignedInHarness>;

beforeEach(() => {
  // A restored session starts locked; in front, the lock prompts (LocalAuthentication: success).
  (AppState as unknown as { currentState: AppStateStatus }).currentState = 'active';
  bootstrapReplies = [];
  harness = setUpSignedInHarness(routes);
});

async function signInWithEmailCode() {
  const user = userEvent.setup();
  renderSignedInApp({ signIn: SignInScreen, layout: SignedInLayout }, '/sign-in');
  await user.type(screen.getByLabelText('Email address'), 'ada@example.com');
  await user.press(screen.getByRole('button', { name: 'Email me a sign-in code' }));
  await user.type(await screen.findByLabelText('6-digit code'), '424242');
  await user.press(screen.getByRole('button', { name: 'Verify code' }));
  return user;
}

const TITLE = "You're signed in — Assetra can't be reached";
const unavailable = { status: 503, body: problem(503, 'service_unavailable', 'Unavailable') };

describe('signed in, Assetra unreachable', () => {
  it('shows its own signed-in state, not the sign-in form, when the API is down after sign-in', async () => {
    bootstrapReplies = [unavailable, unavailable, unavailable];

    await signInWithEmailCode();

    expect(await screen.findByRole('header', { name: TITLE })).toBeTruthy();
    expect(screen.getByText(/Assetra is unavailable right now/)).toBeTruthy();
    expect(screen.queryByText(/You're offline/)).toBeNull();
    expect(screen.queryByText('Sign in to Assetra')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Continue with Google' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
  });

  it("says you're offline only when the device has no network, and Try again opens home", async () => {
    bootstrapReplies = [{ network: 'offline' }, { network: 'offline' }, { network: 'offline' }];
    const user = await signInWithEmailCode();
    expect(await screen.findByText(/Assetra is unavailable right now/)).toBeTruthy();

    setNetwork(false);
    expect(await screen.findByText(/You're offline/)).toBeTruthy();
    setNetwork(true);
    await user.press(screen.getByRole('button', { name: 'Try again' }));

    expect(await screen.findByText('Home screen')).toBeTruthy();
    expect(harness.signOut).not.toHaveBeenCalled();
  });

  it('signs out from the unreachable state', async () => {
    bootstrapReplies = [unavailable, unavailable, unavailable];
    const user = await signInWithEmailCode();

    await user.press(await screen.findByRole('button', { name: 'Sign out' }));

    expect(await screen.findByText('Sign in to Assetra')).toBeTruthy();
    expect(harness.signOut).toHaveBeenCalledTimes(1);
  });
});

describe('session end notices', () => {
  it('tells the user their session ended when the API refuses a fresh token', async () => {
    harness.clerk.auth.set({ isLoaded: true, isSignedIn: true, userId: 'user_123' });
    const expired = { status: 401, body: problem(401, 'invalid_token', 'Invalid token') };
    bootstrapReplies = [expired, expired];

    renderSignedInApp({ signIn: SignInScreen, layout: SignedInLayout }, '/home');

    expect(await screen.findByText('Your session ended — sign in again')).toBeTruthy();
    expect(screen.getByText('Sign in to Assetra')).toBeTruthy();
    expect(harness.signOut).toHaveBeenCalledTimes(1);
  });

  it('says nothing after a sign-out the user asked for, and clears an old notice on the next sign-in', async () => {
    harness.clerk.auth.set({ isLoaded: true, isSignedIn: true, userId: 'user_123' });
    const expired = { status: 401, body: problem(401, 'invalid_token', 'Invalid token') };
    bootstrapReplies = [expired, expired, unavailable, unavailable, unavailable];
    renderSignedInApp({ signIn: SignInScreen, layout: SignedInLayout }, '/home');
    expect(await screen.findByText('Your session ended — sign in again')).toBeTruthy();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Email address'), 'ada@example.com');
    await user.press(screen.getByRole('button', { name: 'Email me a sign-in code' }));
    await user.type(await screen.findByLabelText('6-digit code'), '424242');
    await user.press(screen.getByRole('button', { name: 'Verify code' }));

    await user.press(await screen.findByRole('button', { name: 'Sign out' }));

    expect(await screen.findByText('Sign in to Assetra')).toBeTruthy();
    await waitFor(() => expect(harness.signOut).toHaveBeenCalledTimes(2));
    expect(screen.queryByText('Your session ended — sign in again')).toBeNull();
  });
});

import { getClerkInstance, useAuth, useReverification, useSession } from '@clerk/expo';
import { fireEvent, userEvent } from '@testing-library/react-native';
import { Slot } from 'expo-router';
import { renderRouter, screen } from 'expo-router/testing-library';
import { RefreshControl, Text } from 'react-native';

import { problem, type FakeReply, type RecordedRequest } from '../../../test/support/fakeHttp';
import { realApiOverFakeHttp } from '../../../test/support/fakeApi';
import { fakeUseReverification } from '../../../test/support/clerkReverification';
import {
  resetQueryState,
  setNetwork,
  startWithoutNetwork,
} from '../../../test/support/signedInHarness';
import { QueryProvider } from '../../providers/QueryProvider';
import { getApi } from '../../services/assetraApi';
import { colors } from '../../theme';
import { SessionEndNotice } from '../session/SessionEndNotice';
import { HomeScreen } from './HomeScreen';

jest.mock('@clerk/expo', () => ({
  getClerkInstance: jest.fn(),
  useAuth: jest.fn(),
  useReverification: jest.fn(),
  useSession: jest.fn(),
}));
jest.mock('@clerk/expo/passkeys', () => ({ passkeys: { isSupported: () => false } }));
jest.mock('expo-device', () => ({ isDevice: false }));
jest.mock('react-native-purchases', () => ({
  configure: jest.fn(),
  logIn: jest.fn(),
  logOut: jest.fn(),
}));
jest.mock('expo-notifications', () => ({}));
jest.mock('expo-secure-store', () => ({
  WHEN_UNLOCKED_THIS_DEVICE_ONLY: 5,
  deleteItemAsync: jest.fn(async () => undefined),
}));
// The real API module wired to a fake network, so every answer goes through the shared schemas.
jest.mock('../../services/assetraApi', () => {
  const actual = jest.requireActual<typeof import('../../services/assetraApi')>(
    '../../services/assetraApi',
  );
  return { ...actual, getApi: jest.fn() };
});

const user = {
  id: 'usr_1',
  clerkUserId: 'user_123',
  email: 'ada@example.com',
  displayName: null,
  subscriptionStatus: 'active',
  entitlements: ['pro'],
  isActive: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const portfolio = {
  id: 'pf_1',
  userId: 'usr_1',
  baseCurrency: 'USD',
  totalValue: '1234567.5',
  lastCalculatedAt: null,
};
const subscription = {
  status: 'active',
  entitlements: ['pro'],
  expiresAt: '2026-12-31T00:00:00.000Z',
};

const signOut = jest.fn(async () => undefined);
const session = {
  startVerification: jest.fn(async () => ({
    status: 'needs_first_factor',
    supportedFirstFactors: [
      { strategy: 'email_code', emailAddressId: 'idn_1', safeIdentifier: 'a***@example.com' },
    ],
  })),
  prepareFirstFactorVerification: jest.fn(async () => ({ status: 'needs_first_factor' })),
  attemptFirstFactorVerification: jest.fn(async () => ({ status: 'complete' })),
  verifyWithPasskey: jest.fn(async () => ({ status: 'complete' })),
};

let deleteReplies: FakeReply[];
let requests: RecordedRequest[];
let offline: boolean;
let portfolioReplies: FakeReply[];

function routes(request: RecordedRequest): FakeReply | undefined {
  if (offline) return { network: 'offline' };
  if (request.method === 'GET' && request.url === '/users/me')
    return { status: 200, body: { user } };
  if (request.method === 'GET' && request.url === '/portfolio')
    return portfolioReplies.shift() ?? { status: 200, body: { portfolio } };
  if (request.method === 'GET' && request.url === '/subscription')
    return { status: 200, body: subscription };
  if (request.method === 'DELETE' && request.url === '/users/me') return deleteReplies.shift();
  return undefined;
}

beforeEach(() => {
  offline = false;
  portfolioReplies = [];
  resetQueryState();
  jest
    .mocked(useAuth)
    .mockReturnValue({ userId: 'user_123' } as unknown as ReturnType<typeof useAuth>);
  deleteReplies = [{ status: 204 }];
  const fake = realApiOverFakeHttp(routes, { getToken: async () => 'session-token' });
  requests = fake.requests;
  jest.mocked(getApi).mockReturnValue(fake.api);
  jest
    .mocked(getClerkInstance)
    .mockReturnValue({ signOut } as unknown as ReturnType<typeof getClerkInstance>);
  jest
    .mocked(useReverification)
    .mockImplementation(fakeUseReverification as unknown as typeof useReverification);
  jest.mocked(useSession).mockReturnValue({ session } as unknown as ReturnType<typeof useSession>);
});

function renderHome() {
  renderRouter(
    {
      _layout: () => (
        <QueryProvider>
          <Slot />
        </QueryProvider>
      ),
      '(app)/home': HomeScreen,
      '(auth)/sign-in': () => (
        <>
          <Text>Sign-in screen</Text>
          <SessionEndNotice />
        </>
      ),
    },
    { initialUrl: '/home' },
  );
  return userEvent.setup();
}

async function expectSignedOut() {
  expect(await screen.findByText('Sign-in screen')).toBeTruthy();
  expect(signOut).toHaveBeenCalledTimes(1);
}

describe('home screen', () => {
  it("shows the user's email, portfolio value and subscription read from the API", async () => {
    renderHome();

    expect(await screen.findByText('ada@example.com')).toBeTruthy();
    expect(screen.getByText('USD 1,234,567.50')).toBeTruthy();
    expect(screen.getByText('Assetra Pro')).toBeTruthy();
    expect(requests.every((r) => r.authorization === 'Bearer session-token')).toBe(true);
  });

  it('shows a skeleton, not a spinner, while the portfolio loads', async () => {
    renderHome();

    expect(screen.getByRole('progressbar', { name: 'Loading your portfolio' })).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Loading your subscription' })).toBeTruthy();
    expect(await screen.findByText('ada@example.com')).toBeTruthy();
    expect(screen.queryByLabelText('Loading your portfolio')).toBeNull();
  });

  it('formats the decimal string exactly, digits a float would lose included', async () => {
    portfolioReplies = [
      { status: 200, body: { portfolio: { ...portfolio, totalValue: '12345678901234567.89' } } },
    ];

    renderHome();

    expect(await screen.findByText('USD 12,345,678,901,234,567.89')).toBeTruthy();
  });

  it('keeps the last known values with a quiet notice when a pull-to-refresh fails', async () => {
    renderHome();
    expect(await screen.findByText('USD 1,234,567.50')).toBeTruthy();
    portfolioReplies = [{ network: 'offline' }, { network: 'offline' }, { network: 'offline' }];

    // RefreshControl is a native view with no text or role to find it by.
    fireEvent(screen.UNSAFE_getByType(RefreshControl), 'refresh');

    expect(await screen.findByText(/Couldn't refresh/)).toBeTruthy();
    expect(screen.getByText('USD 1,234,567.50')).toBeTruthy();
    expect(signOut).not.toHaveBeenCalled();
  });

  it("says you're offline when the device has no network, and loads once it is back", async () => {
    startWithoutNetwork();
    renderHome();
    expect(await screen.findByText(/You're offline/)).toBeTruthy();
    expect(requests).toHaveLength(0);

    setNetwork(true);

    expect(await screen.findByText('ada@example.com')).toBeTruthy();
  });

  it('says Assetra is unavailable (not offline) when the API does not answer, with a retry; never signs out', async () => {
    offline = true;
    const press = renderHome();

    expect(await screen.findByText(/Assetra is unavailable/)).toBeTruthy();
    offline = false;
    await press.press(screen.getByRole('button', { name: 'Try again' }));

    expect(await screen.findByText('ada@example.com')).toBeTruthy();
    expect(signOut).not.toHaveBeenCalled();
  });

  it('signs out and returns to sign-in', async () => {
    const press = renderHome();
    await screen.findByText('ada@example.com');

    await press.press(screen.getByRole('button', { name: 'Sign out' }));

    await expectSignedOut();
  });

  it('asks for confirmation before deleting, and can be backed out of', async () => {
    const press = renderHome();
    await screen.findByText('ada@example.com');

    await press.press(screen.getByRole('button', { name: 'Delete account' }));
    expect(screen.getByText('Delete your Assetra account?')).toBeTruthy();
    await press.press(screen.getByRole('button', { name: 'Keep my account' }));

    expect(screen.getByRole('button', { name: 'Delete account' })).toBeTruthy();
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);
  });

  it('deletes the account with DELETE /users/me, then signs out', async () => {
    const press = renderHome();
    await screen.findByText('ada@example.com');

    await press.press(screen.getByRole('button', { name: 'Delete account' }));
    await press.press(screen.getByRole('button', { name: 'Delete permanently' }));

    await expectSignedOut();
    expect(requests.filter((r) => r.method === 'DELETE' && r.url === '/users/me')).toHaveLength(1);
    expect(screen.getByText('Your account has been deleted')).toBeTruthy();
  });

  it('runs Clerk reverification on 403 reverification_required, then retries the deletion', async () => {
    deleteReplies = [
      { status: 403, body: problem(403, 'reverification_required', 'Reverification required') },
      { status: 204 },
    ];
    const press = renderHome();
    await screen.findByText('ada@example.com');

    await press.press(screen.getByRole('button', { name: 'Delete account' }));
    await press.press(screen.getByRole('button', { name: 'Delete permanently' }));
    await press.press(await screen.findByRole('button', { name: 'Email me a code' }));
    expect(await screen.findByText('Code sent to a***@example.com.')).toBeTruthy();
    await press.press(screen.getByRole('button', { name: 'Resend code' }));
    await press.type(await screen.findByLabelText('6-digit code'), '246810');
    await press.press(screen.getByRole('button', { name: 'Confirm code' }));

    await expectSignedOut();
    expect(session.startVerification).toHaveBeenCalledWith({ level: 'first_factor' });
    expect(session.prepareFirstFactorVerification).toHaveBeenCalledTimes(2);
    expect(session.prepareFirstFactorVerification).toHaveBeenCalledWith({
      strategy: 'email_code',
      emailAddressId: 'idn_1',
    });
    expect(session.attemptFirstFactorVerification).toHaveBeenCalledWith({
      strategy: 'email_code',
      code: '246810',
    });
    expect(requests.filter((r) => r.method === 'DELETE')).toHaveLength(2);
  });

  it('can reverify with a passkey', async () => {
    deleteReplies = [
      { status: 403, body: problem(403, 'reverification_required', 'Reverification required') },
      { status: 204 },
    ];
    const press = renderHome();
    await screen.findByText('ada@example.com');

    await press.press(screen.getByRole('button', { name: 'Delete account' }));
    await press.press(screen.getByRole('button', { name: 'Delete permanently' }));
    await press.press(await screen.findByRole('button', { name: 'Verify with a passkey' }));

    await expectSignedOut();
    expect(session.verifyWithPasskey).toHaveBeenCalledTimes(1);
  });

  it('keeps the account and the session when reverification is cancelled', async () => {
    deleteReplies = [
      { status: 403, body: problem(403, 'reverification_required', 'Reverification required') },
    ];
    const press = renderHome();
    await screen.findByText('ada@example.com');

    await press.press(screen.getByRole('button', { name: 'Delete account' }));
    await press.press(screen.getByRole('button', { name: 'Delete permanently' }));
    await press.press(await screen.findByRole('button', { name: 'Cancel' }));

    const cancelled = await screen.findByText(/Account deletion was cancelled/);
    expect(cancelled).toHaveStyle({ color: colors.textMuted });
    expect(signOut).not.toHaveBeenCalled();
    expect(requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });

  it('reports a failed deletion without signing out', async () => {
    deleteReplies = [
      { status: 502, body: problem(502, 'upstream_unavailable', 'Upstream service unavailable') },
    ];
    const press = renderHome();
    await screen.findByText('ada@example.com');

    await press.press(screen.getByRole('button', { name: 'Delete account' }));
    await press.press(screen.getByRole('button', { name: 'Delete permanently' }));

    expect(await screen.findByText('Upstream service unavailable')).toBeTruthy();
    expect(signOut).not.toHaveBeenCalled();
  });
});

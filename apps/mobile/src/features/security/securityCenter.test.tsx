import { useAuth } from '@clerk/expo';
import { render, screen, userEvent, within } from '@testing-library/react-native';

import { problem, type FakeReply, type RecordedRequest } from '../../../test/support/fakeHttp';
import { realApiOverFakeHttp } from '../../../test/support/fakeApi';
import { resetQueryState } from '../../../test/support/signedInHarness';
import { QueryProvider } from '../../providers/QueryProvider';
import { getApi } from '../../services/assetraApi';
import { RecentActivity } from './RecentActivity';
import { DEVICES_COPY, SignedInDevices } from './SignedInDevices';

jest.mock('@clerk/expo', () => ({ getClerkInstance: jest.fn(), useAuth: jest.fn() }));
jest.mock('expo-router', () => ({ router: { replace: jest.fn() } }));
jest.mock('react-native-purchases', () => ({ configure: jest.fn(), logOut: jest.fn() }));
jest.mock('expo-notifications', () => ({}));
jest.mock('expo-secure-store', () => ({ WHEN_UNLOCKED_THIS_DEVICE_ONLY: 5 }));
// The real API module over a fake network: every answer goes through the shared schemas.
jest.mock('../../services/assetraApi', () => {
  const actual = jest.requireActual<typeof import('../../services/assetraApi')>(
    '../../services/assetraApi',
  );
  return { ...actual, getApi: jest.fn() };
});

const MINUTE = 60_000;
const ago = (minutes: number) => new Date(Date.now() - minutes * MINUTE).toISOString();
const device = (type: string, browser: string, city: string, country: string) => ({
  type,
  isMobile: type !== 'Macintosh',
  browser,
  city,
  country,
});
const thisPhone = {
  id: 'sess_this',
  current: true,
  createdAt: ago(60),
  lastActiveAt: ago(0),
  device: device('iPhone', 'Safari', 'Lisbon', 'PT'),
};
const laptop = {
  id: 'sess_laptop',
  current: false,
  createdAt: ago(3000),
  lastActiveAt: ago(2),
  device: device('Macintosh', 'Chrome', 'Berlin', 'DE'),
};
const tablet = {
  id: 'sess_tablet',
  current: false,
  createdAt: ago(9000),
  lastActiveAt: ago(180),
  device: device('iPad', 'Safari', 'Paris', 'FR'),
};
const event = (id: string, type: string, minutesAgo: number, extra: object = {}) => ({
  id,
  type,
  at: ago(minutesAgo),
  device: device('iPhone', 'Safari', 'Lisbon', 'PT'),
  detail: {},
  ...extra,
});

let sessions: (typeof thisPhone)[];
let sessionReplies: FakeReply[];
let requests: RecordedRequest[];

function routes(request: RecordedRequest): FakeReply | undefined {
  const { method, url } = request;
  if (method === 'GET' && url === '/users/me/sessions')
    return sessionReplies.shift() ?? { status: 200, body: { sessions } };
  if (method === 'DELETE' && url.startsWith('/users/me/sessions/')) {
    sessions = sessions.filter((s) => url !== `/users/me/sessions/${s.id}`);
    return { status: 204 };
  }
  if (method === 'POST' && url === '/users/me/sessions/revoke-others') {
    const revoked = sessions.filter((s) => !s.current).length;
    sessions = sessions.filter((s) => s.current);
    return { status: 200, body: { revoked } };
  }
  if (method === 'GET' && url === '/users/me/security-events?limit=10')
    return {
      status: 200,
      body: {
        events: [event('ev_3', 'sign_in', 2), event('ev_2', 'passkey.added', 150)],
        next: 'c2',
      },
    };
  if (method === 'GET' && url === '/users/me/security-events?limit=10&before=c2')
    return {
      status: 200,
      body: { events: [event('ev_1', 'account.created', 3000, { device: null })], next: null },
    };
  return undefined;
}

const onSessionExpired = jest.fn();

beforeEach(() => {
  resetQueryState();
  sessions = [thisPhone, laptop, tablet];
  sessionReplies = [];
  onSessionExpired.mockClear();
  jest.mocked(useAuth).mockReturnValue({ userId: 'user_123' } as ReturnType<typeof useAuth>);
  const fake = realApiOverFakeHttp(routes, {
    getToken: async () => 'session-token',
    onSessionExpired,
  });
  requests = fake.requests;
  jest.mocked(getApi).mockReturnValue(fake.api);
});

function renderSection(ui: React.JSX.Element) {
  render(<QueryProvider>{ui}</QueryProvider>);
  return userEvent.setup();
}

describe("security: where you're signed in", () => {
  it('lists each session with device, place and last activity, this device marked', async () => {
    renderSection(<SignedInDevices />);

    expect(await screen.findByText('iPhone · This device')).toBeTruthy();
    expect(screen.getByText('Safari · Lisbon, Portugal · Active now')).toBeTruthy();
    expect(screen.getByText('Macintosh')).toBeTruthy();
    expect(screen.getByText('Chrome · Berlin, Germany · Active 2 minutes ago')).toBeTruthy();
    expect(screen.getByText('Safari · Paris, France · Active 3 hours ago')).toBeTruthy();
    // This device is signed out from home, not from here.
    const current = screen.getByTestId('session-sess_this');
    expect(within(current).queryByRole('button', { name: /Sign out/ })).toBeNull();
  });

  it('signs one other device out and shows the list without it', async () => {
    const user = renderSection(<SignedInDevices />);

    await user.press(await screen.findByRole('button', { name: 'Sign out Macintosh' }));

    expect(requests).toContainEqual(
      expect.objectContaining({ method: 'DELETE', url: '/users/me/sessions/sess_laptop' }),
    );
    expect(await screen.findByText('Safari · Paris, France · Active 3 hours ago')).toBeTruthy();
    expect(screen.queryByText('Macintosh')).toBeNull();
  });

  it('signs out of all other devices only after the confirmation, keeping this one', async () => {
    const user = renderSection(<SignedInDevices />);

    await user.press(await screen.findByRole('button', { name: 'Sign out of all other devices' }));
    expect(screen.getByText(DEVICES_COPY.confirmTitle)).toBeTruthy();
    expect(requests.some((r) => r.url === '/users/me/sessions/revoke-others')).toBe(false);
    await user.press(screen.getByRole('button', { name: 'Sign out other devices' }));

    expect(await screen.findByText('Signed out of 2 other devices.')).toBeTruthy();
    expect(requests.filter((r) => r.url === '/users/me/sessions/revoke-others')).toHaveLength(1);
    expect(await screen.findByText('iPhone · This device')).toBeTruthy();
    expect(screen.queryByText('Macintosh')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sign out of all other devices' })).toBeNull();
  });

  it('keeps every session when the confirmation is cancelled', async () => {
    const user = renderSection(<SignedInDevices />);

    await user.press(await screen.findByRole('button', { name: 'Sign out of all other devices' }));
    await user.press(screen.getByRole('button', { name: 'Cancel' }));

    expect(requests.some((r) => r.url === '/users/me/sessions/revoke-others')).toBe(false);
    expect(screen.getByText('Macintosh')).toBeTruthy();
  });

  it('says a 502 is a loading problem with a retry, and never signs out', async () => {
    const upstream = { status: 502, body: problem(502, 'upstream_unavailable', 'Bad gateway') };
    sessionReplies = [upstream, upstream, upstream];
    const user = renderSection(<SignedInDevices />);

    expect(await screen.findByText(DEVICES_COPY.unavailable)).toBeTruthy();
    expect(onSessionExpired).not.toHaveBeenCalled();
    await user.press(screen.getByRole('button', { name: 'Try again' }));

    expect(await screen.findByText('iPhone · This device')).toBeTruthy();
    expect(screen.queryByText(DEVICES_COPY.unavailable)).toBeNull();
  });
});

describe('security: recent activity', () => {
  it('lists events newest first in plain words, and pages with "Show more"', async () => {
    const user = renderSection(<RecentActivity />);

    expect(
      await screen.findByText('New sign-in on iPhone · Lisbon, Portugal · 2 minutes ago'),
    ).toBeTruthy();
    expect(screen.getByText('Passkey added · Lisbon, Portugal · 2 hours ago')).toBeTruthy();
    expect(screen.queryByText(/Account created/)).toBeNull();

    await user.press(screen.getByRole('button', { name: 'Show more' }));

    expect(await screen.findByText('Account created · 2 days ago')).toBeTruthy();
    const lines = screen.getAllByText(/ ago$/).map((node) => String(node.props.children));
    expect(lines).toEqual([
      'New sign-in on iPhone · Lisbon, Portugal · 2 minutes ago',
      'Passkey added · Lisbon, Portugal · 2 hours ago',
      'Account created · 2 days ago',
    ]);
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();
  });
});

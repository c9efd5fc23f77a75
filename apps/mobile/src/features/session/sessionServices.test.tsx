import { getClerkInstance, useAuth } from '@clerk/expo';
import * as Notifications from 'expo-notifications';
import { userEvent } from '@testing-library/react-native';
import { renderRouter, screen, waitFor } from 'expo-router/testing-library';
import { Pressable, Text } from 'react-native';
import Purchases from 'react-native-purchases';

import { fakeHttp, type RecordedRequest } from '../../../test/support/fakeHttp';
import { getApi } from '../../services/assetraApi';
import { useSignedInServices } from './useSignedInServices';
import { useSignOut } from './useSignOut';

jest.mock('@clerk/expo', () => ({ getClerkInstance: jest.fn(), useAuth: jest.fn() }));
jest.mock('react-native-purchases', () => ({
  __esModule: true,
  default: {
    configure: jest.fn(),
    logIn: jest.fn(async () => ({})),
    logOut: jest.fn(async () => ({})),
  },
}));
jest.mock('expo-notifications', () => ({
  getPermissionsAsync: jest.fn(),
  requestPermissionsAsync: jest.fn(),
  getExpoPushTokenAsync: jest.fn(async () => ({
    type: 'expo',
    data: 'ExponentPushToken[device-1]',
  })),
}));
jest.mock('expo-device', () => ({ isDevice: true }));
jest.mock('expo-constants', () => ({
  __esModule: true,
  default: { expoConfig: { extra: { eas: { projectId: 'eas-project-1' } } } },
}));
jest.mock('expo-secure-store', () => ({
  WHEN_UNLOCKED_THIS_DEVICE_ONLY: 5,
  deleteItemAsync: jest.fn(async () => undefined),
}));
jest.mock('../../services/assetraApi', () => {
  const actual = jest.requireActual<typeof import('../../services/assetraApi')>(
    '../../services/assetraApi',
  );
  return { ...actual, getApi: jest.fn() };
});

const signOut = jest.fn(async () => undefined);
const purchases = jest.mocked(Purchases);
const notifications = jest.mocked(Notifications);
let requests: RecordedRequest[];
const order: string[] = [];
/** Set by a test: the API takes the push-token DELETE and never answers it. */
let unregisterHangs = false;

function SignedInScreen() {
  useSignedInServices();
  const doSignOut = useSignOut();
  return (
    <Pressable accessibilityRole="button" onPress={() => void doSignOut()}>
      <Text>Sign out</Text>
    </Pressable>
  );
}

beforeEach(() => {
  order.length = 0;
  unregisterHangs = false;
  const http = fakeHttp((request) => {
    order.push(`${request.method} ${request.url}`);
    return request.method === 'POST'
      ? { status: 200, body: { registered: true } }
      : { status: 204 };
  });
  requests = http.requests;
  const { createAssetraApi } = jest.requireActual<typeof import('../../services/assetraApi')>(
    '../../services/assetraApi',
  );
  const { createApiClient } = jest.requireActual<typeof import('../../services/apiClient')>(
    '../../services/apiClient',
  );
  jest.mocked(getApi).mockReturnValue(
    createAssetraApi(
      createApiClient({
        baseURL: 'https://api.assetra.test',
        isProduction: true,
        getToken: async () => 'session-token',
        onSessionExpired: () => undefined,
        adapter: async (config) =>
          unregisterHangs && config.method === 'delete'
            ? new Promise<never>(() => undefined)
            : http.adapter(config),
      }),
    ),
  );
  signOut.mockImplementation(async () => {
    order.push('clerk signOut');
  });
  jest
    .mocked(getClerkInstance)
    .mockReturnValue({ signOut } as unknown as ReturnType<typeof getClerkInstance>);
  jest
    .mocked(useAuth)
    .mockReturnValue({ userId: 'user_123' } as unknown as ReturnType<typeof useAuth>);
});

function renderSignedIn() {
  renderRouter(
    { '(app)/home': SignedInScreen, '(auth)/sign-in': () => <Text>Sign-in screen</Text> },
    { initialUrl: '/home' },
  );
  return userEvent.setup();
}

describe('signed-in services', () => {
  it('never asks for notification permission straight after sign-in, but still logs in to RevenueCat', async () => {
    notifications.getPermissionsAsync.mockResolvedValue({
      granted: false,
    } as Notifications.NotificationPermissionsStatus);
    notifications.requestPermissionsAsync.mockResolvedValue({
      granted: false,
    } as Notifications.NotificationPermissionsStatus);

    renderSignedIn();

    await waitFor(() => expect(purchases.logIn).toHaveBeenCalledWith('user_123'));
    expect(purchases.configure).toHaveBeenCalledWith({ apiKey: 'appl_testPublicKey' });
    await waitFor(() => expect(notifications.getPermissionsAsync).toHaveBeenCalled());
    expect(notifications.requestPermissionsAsync).not.toHaveBeenCalled();
    expect(requests).toHaveLength(0);
  });

  it('logs in to RevenueCat with the Clerk user id and registers the Expo push token after sign-in', async () => {
    notifications.getPermissionsAsync.mockResolvedValue({
      granted: true,
    } as Notifications.NotificationPermissionsStatus);

    renderSignedIn();

    await waitFor(() => expect(requests).toHaveLength(1));
    expect(purchases.logIn).toHaveBeenCalledWith('user_123');
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: '/users/me/push-tokens',
      authorization: 'Bearer session-token',
      data: { token: 'ExponentPushToken[device-1]', platform: 'ios' },
    });
  });

  it('on sign-out unregisters the push token before ending the Clerk session, and logs out of RevenueCat', async () => {
    notifications.getPermissionsAsync.mockResolvedValue({
      granted: true,
    } as Notifications.NotificationPermissionsStatus);
    const user = renderSignedIn();
    await waitFor(() => expect(requests).toHaveLength(1));

    await user.press(screen.getByRole('button', { name: 'Sign out' }));

    expect(await screen.findByText('Sign-in screen')).toBeTruthy();
    expect(order).toEqual([
      'POST /users/me/push-tokens',
      'DELETE /users/me/push-tokens/ExponentPushToken%5Bdevice-1%5D',
      'clerk signOut',
    ]);
    expect(purchases.logOut).toHaveBeenCalledTimes(1);
  });

  it('signs out without waiting for an API that never answers the push-token unregistration', async () => {
    notifications.getPermissionsAsync.mockResolvedValue({
      granted: true,
    } as Notifications.NotificationPermissionsStatus);
    const user = renderSignedIn();
    await waitFor(() => expect(requests).toHaveLength(1));
    unregisterHangs = true;

    await user.press(screen.getByRole('button', { name: 'Sign out' }));

    expect(await screen.findByText('Sign-in screen', {}, { timeout: 4_000 })).toBeTruthy();
    expect(signOut).toHaveBeenCalledTimes(1);
  });
});

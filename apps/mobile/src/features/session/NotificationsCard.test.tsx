import * as Notifications from 'expo-notifications';
import { render, screen, userEvent, waitFor } from '@testing-library/react-native';

import { realApiOverFakeHttp } from '../../../test/support/fakeApi';
import type { RecordedRequest } from '../../../test/support/fakeHttp';
import { getApi } from '../../services/assetraApi';
import { NotificationsCard } from './NotificationsCard';

jest.mock('expo-notifications', () => ({
  getPermissionsAsync: jest.fn(),
  requestPermissionsAsync: jest.fn(),
  getExpoPushTokenAsync: jest.fn(async () => ({ type: 'expo', data: 'ExponentPushToken[d-2]' })),
}));
jest.mock('expo-device', () => ({ isDevice: true }));
jest.mock('expo-constants', () => ({
  __esModule: true,
  default: { expoConfig: { extra: { eas: { projectId: 'eas-project-1' } } } },
}));
jest.mock('../../services/assetraApi', () => ({ getApi: jest.fn() }));
jest.mock('react-native-purchases', () => ({ __esModule: true, default: {} }));

const notifications = jest.mocked(Notifications);
let requests: RecordedRequest[];

beforeEach(() => {
  const fake = realApiOverFakeHttp(() => ({ status: 200, body: { registered: true } }), {
    getToken: async () => 'session-token',
  });
  requests = fake.requests;
  jest.mocked(getApi).mockReturnValue(fake.api);
  notifications.getPermissionsAsync.mockResolvedValue({
    granted: false,
    canAskAgain: true,
  } as Notifications.NotificationPermissionsStatus);
  notifications.requestPermissionsAsync.mockResolvedValue({
    granted: true,
  } as Notifications.NotificationPermissionsStatus);
});

describe('notification permission in context', () => {
  it('explains first, and asks the OS only when the user taps "Turn on notifications"', async () => {
    const user = userEvent.setup();
    render(<NotificationsCard />);

    expect(await screen.findByText(/tell you about new sign-ins/)).toBeTruthy();
    expect(notifications.requestPermissionsAsync).not.toHaveBeenCalled();
    await user.press(screen.getByRole('button', { name: 'Turn on notifications' }));

    await waitFor(() => expect(requests).toHaveLength(1));
    expect(notifications.requestPermissionsAsync).toHaveBeenCalledTimes(1);
    expect(requests[0]).toMatchObject({ method: 'POST', url: '/users/me/push-tokens' });
    expect(screen.queryByText(/tell you about new sign-ins/)).toBeNull();
  });
});

import { getClerkInstance, useAuth, useSignIn, useSignUp, useSSO } from '@clerk/expo';
import { useSignInWithApple } from '@clerk/expo/apple';
import NetInfo, { type NetInfoState } from '@react-native-community/netinfo';
import { onlineManager } from '@tanstack/react-query';
import { act } from '@testing-library/react-native';
import { Slot } from 'expo-router';
import { renderRouter } from 'expo-router/testing-library';
import { Text } from 'react-native';

import { getApi } from '../../src/services/assetraApi';
import { queryClient } from '../../src/services/queryClient';
import { QueryProvider } from '../../src/providers/QueryProvider';
import { createClerkFakes, type ClerkFakes } from './clerkFakes';
import { realApiOverFakeHttp } from './fakeApi';
import type { FakeRoutes } from './fakeHttp';

/**
 * The real sign-in screen, the real signed-in layout (RequireAuth → lock → bootstrap) and the
 * real API client over a fake network; Clerk is the in-memory double of `clerkFakes`. The test
 * file must `jest.mock` Clerk, `../../src/services/assetraApi` (getApi) and the native modules.
 */
export function setUpSignedInHarness(routes: FakeRoutes) {
  const clerk: ClerkFakes = createClerkFakes();
  const signOut = jest.fn(async () => {
    clerk.auth.set({ isLoaded: true, isSignedIn: false, userId: null });
  });
  const { endSession } = jest.requireActual<typeof import('../../src/services/sessionEnd')>(
    '../../src/services/sessionEnd',
  );
  const fake = realApiOverFakeHttp(routes, {
    getToken: async () => (clerk.auth.get().isSignedIn ? 'session-token' : null),
    onSessionExpired: () => endSession('expired'),
  });
  jest.mocked(getApi).mockReturnValue(fake.api);
  jest
    .mocked(useAuth)
    .mockImplementation(() => clerk.auth.use() as unknown as ReturnType<typeof useAuth>);
  jest
    .mocked(useSSO)
    .mockReturnValue({ startSSOFlow: clerk.startSSOFlow } as unknown as ReturnType<typeof useSSO>);
  jest
    .mocked(useSignIn)
    .mockReturnValue({ signIn: clerk.signIn } as unknown as ReturnType<typeof useSignIn>);
  jest
    .mocked(useSignUp)
    .mockReturnValue({ signUp: clerk.signUp } as unknown as ReturnType<typeof useSignUp>);
  jest.mocked(useSignInWithApple).mockReturnValue({
    startAppleAuthenticationFlow: clerk.startAppleAuthenticationFlow,
  } as unknown as ReturnType<typeof useSignInWithApple>);
  jest
    .mocked(getClerkInstance)
    .mockReturnValue({ signOut } as unknown as ReturnType<typeof getClerkInstance>);
  resetQueryState();
  return { clerk, requests: fake.requests, signOut };
}

/** A fresh cache, online, and the app's retry policy with its back-off shortened. */
export function resetQueryState() {
  onlineManager.setOnline(true);
  queryClient.clear();
  queryClient.setDefaultOptions({
    queries: { ...queryClient.getDefaultOptions().queries, retryDelay: 0 },
  });
}

/** NetInfo as it behaves on subscribe: the listener hears the current state at once. */
export function startWithoutNetwork() {
  jest.mocked(NetInfo.addEventListener).mockImplementationOnce((listener) => {
    listener({ isConnected: false } as NetInfoState);
    return jest.fn();
  });
}

/** Tells the app (through NetInfo's listener) that the device has or lacks a network. */
export function setNetwork(connected: boolean) {
  const calls = jest.mocked(NetInfo.addEventListener).mock.calls;
  const listener = calls.at(-1)?.[0];
  if (!listener) throw new Error('NetInfo listener not registered');
  act(() => listener({ isConnected: connected } as NetInfoState));
}

export function renderSignedInApp(
  screens: {
    signIn: () => React.JSX.Element;
    layout: () => React.JSX.Element;
    home?: () => React.JSX.Element;
  },
  initialUrl: '/sign-in' | '/home',
) {
  return renderRouter(
    {
      _layout: () => (
        <QueryProvider>
          <Slot />
        </QueryProvider>
      ),
      '(auth)/sign-in': screens.signIn,
      '(app)/_layout': screens.layout,
      '(app)/home': screens.home ?? (() => <Text>Home screen</Text>),
    },
    { initialUrl },
  );
}

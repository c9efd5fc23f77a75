import { useAuth } from '@clerk/expo';
import { Slot } from 'expo-router';
import { renderRouter, screen } from 'expo-router/testing-library';
import { Text } from 'react-native';

import { createAuthStore, type FakeAuthState } from '../../test/support/clerkAuthStore';
import { RequireAuth } from './RequireAuth';

jest.mock('@clerk/expo', () => ({ useAuth: jest.fn() }));

const auth = createAuthStore({ isLoaded: false, isSignedIn: undefined });

function authState(state: FakeAuthState) {
  auth.set(state);
  jest
    .mocked(useAuth)
    .mockImplementation(() => auth.use() as unknown as ReturnType<typeof useAuth>);
}

const Protected = jest.fn(() => <Text>Portfolio balance</Text>);

function renderApp() {
  return renderRouter(
    {
      '(app)/_layout': () => (
        <RequireAuth>
          <Slot />
        </RequireAuth>
      ),
      '(app)/home': Protected,
      '(auth)/sign-in': () => <Text>Sign in to Assetra</Text>,
    },
    { initialUrl: '/home' },
  );
}

describe('RequireAuth', () => {
  it('redirects a signed-out user to /sign-in without ever rendering protected content', async () => {
    authState({ isLoaded: true, isSignedIn: false });

    renderApp();

    expect(await screen.findByText('Sign in to Assetra')).toBeTruthy();
    expect(screen).toHavePathname('/sign-in');
    expect(Protected).not.toHaveBeenCalled();
  });

  it('shows the splash while Clerk loads, never the protected screen', () => {
    authState({ isLoaded: false, isSignedIn: undefined });

    renderApp();

    expect(screen.getByLabelText('Loading Assetra')).toBeTruthy();
    expect(screen.queryByText('Portfolio balance')).toBeNull();
    expect(Protected).not.toHaveBeenCalled();
  });

  it('renders the protected screen for a signed-in user', () => {
    authState({ isLoaded: true, isSignedIn: true });

    renderApp();

    expect(screen.getByText('Portfolio balance')).toBeTruthy();
    expect(screen).toHavePathname('/home');
  });

  it('redirects as soon as the session ends while the protected screen is shown', async () => {
    authState({ isLoaded: true, isSignedIn: true });
    renderApp();
    expect(screen.getByText('Portfolio balance')).toBeTruthy();
    Protected.mockClear();

    auth.set({ isLoaded: true, isSignedIn: false });

    expect(await screen.findByText('Sign in to Assetra')).toBeTruthy();
    expect(Protected).not.toHaveBeenCalled();
  });
});

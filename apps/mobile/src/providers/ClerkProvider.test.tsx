import { render, screen } from '@testing-library/react-native';
import { Text } from 'react-native';

jest.mock('@clerk/expo', () => {
  const { Text: RNText } = jest.requireActual<typeof import('react-native')>('react-native');
  return {
    ClerkProvider: jest.fn(({ children }: { children: unknown }) => (
      <>
        <RNText>clerk loaded</RNText>
        {children}
      </>
    )),
  };
});
jest.mock('@clerk/expo/passkeys', () => ({ passkeys: { isSupported: () => true } }));
jest.mock('@clerk/expo/token-cache', () => ({
  tokenCache: { getToken: jest.fn(), saveToken: jest.fn() },
}));

function loadProvider(env: Record<string, string | undefined>) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let loaded!: {
    ClerkProvider: typeof import('./ClerkProvider').ClerkProvider;
    clerk: { ClerkProvider: jest.Mock<unknown, [Record<string, unknown>]> };
    tokenCache: unknown;
    passkeys: unknown;
  };
  // A fresh registry re-reads EXPO_PUBLIC_* in src/config.ts; its mocks are read from it too.
  jest.isolateModules(() => {
    loaded = {
      ClerkProvider:
        jest.requireActual<typeof import('./ClerkProvider')>('./ClerkProvider').ClerkProvider,
      clerk: jest.requireMock('@clerk/expo'),
      tokenCache: jest.requireMock<{ tokenCache: unknown }>('@clerk/expo/token-cache').tokenCache,
      passkeys: jest.requireMock<{ passkeys: unknown }>('@clerk/expo/passkeys').passkeys,
    };
  });
  process.env = saved;
  return loaded;
}

describe('ClerkProvider', () => {
  it('passes the publishable key, the SecureStore token cache and passkeys to Clerk', () => {
    const { ClerkProvider, clerk, tokenCache, passkeys } = loadProvider({});

    render(
      <ClerkProvider>
        <Text>app</Text>
      </ClerkProvider>,
    );

    expect(screen.getByText('app')).toBeTruthy();
    expect(clerk.ClerkProvider.mock.calls[0]?.[0]).toMatchObject({
      publishableKey: 'pk_test_Y2xlcmsuYXNzZXRyYS50ZXN0JA',
      tokenCache,
      __experimental_passkeys: passkeys,
    });
  });

  it('shows a configuration screen, not a crash, when the publishable key is missing', () => {
    const { ClerkProvider, clerk } = loadProvider({ EXPO_PUBLIC_CLERK_PUBLISHABLE_KEY: '' });

    render(
      <ClerkProvider>
        <Text>app</Text>
      </ClerkProvider>,
    );

    expect(screen.getByRole('header', { name: 'Assetra is not configured' })).toBeTruthy();
    expect(screen.getByText(/EXPO_PUBLIC_CLERK_PUBLISHABLE_KEY is not set/)).toBeTruthy();
    expect(screen.queryByText('app')).toBeNull();
    expect(clerk.ClerkProvider).not.toHaveBeenCalled();
  });
});

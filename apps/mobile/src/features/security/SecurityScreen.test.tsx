import { useUser } from '@clerk/expo';
import { render, screen, userEvent } from '@testing-library/react-native';
import { Platform } from 'react-native';

import { colors } from '../../theme';
import { PasskeyOffer } from './PasskeyOffer';
import { SecurityScreen } from './SecurityScreen';

jest.mock('@clerk/expo', () => ({ useUser: jest.fn() }));
jest.mock('@clerk/expo/passkeys', () => ({ passkeys: { isSupported: jest.fn(() => true) } }));
jest.mock('expo-router', () => ({ router: { back: jest.fn() } }));
jest.mock('expo-secure-store', () => ({
  ...jest
    .requireActual<typeof import('../../../test/support/nativeEdges')>(
      '../../../test/support/nativeEdges',
    )
    .fakeSecureStoreModule(),
  canUseBiometricAuthentication: jest.fn(() => true),
}));
jest.mock('expo-crypto', () => ({
  ...jest
    .requireActual<typeof import('../../../test/support/nativeEdges')>(
      '../../../test/support/nativeEdges',
    )
    .nodeExpoCryptoModule(),
  getRandomBytes: (count: number) => new Uint8Array(count).fill(7),
}));

type FakePasskey = {
  id: string;
  name: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  delete: jest.Mock;
};

/** Clerk's user as `useUser` returns it: passkeys change only after `reload()`, as in Clerk. */
function fakeUser(initial: FakePasskey[]) {
  let stored = [...initial];
  const user = {
    passkeys: [...initial],
    createPasskey: jest.fn(async () => {
      const passkey = makePasskey('pk_new', 'iPhone');
      passkey.delete.mockImplementation(async () => {
        stored = stored.filter((p) => p.id !== passkey.id);
      });
      stored = [...stored, passkey];
      return passkey;
    }),
    reload: jest.fn(async () => {
      user.passkeys = [...stored];
      rerender();
    }),
  };
  initial.forEach((passkey) =>
    passkey.delete.mockImplementation(async () => {
      stored = stored.filter((p) => p.id !== passkey.id);
    }),
  );
  return user;
}

function makePasskey(id: string, name: string | null): FakePasskey {
  return { id, name, createdAt: new Date('2026-01-02'), lastUsedAt: null, delete: jest.fn() };
}

let rerender: () => void = () => undefined;

function mockUser(user: ReturnType<typeof fakeUser>) {
  jest
    .mocked(useUser)
    .mockImplementation(
      () => ({ isLoaded: true, user: { ...user } }) as unknown as ReturnType<typeof useUser>,
    );
}

function renderWithUser(ui: React.JSX.Element, user: ReturnType<typeof fakeUser>) {
  mockUser(user);
  const view = render(ui);
  rerender = () => view.rerender(ui);
  return userEvent.setup();
}

beforeEach(() => {
  Platform.OS = 'ios';
});

describe('security: passkeys', () => {
  it('adds a passkey with Clerk and lists it', async () => {
    const user = fakeUser([]);
    const press = renderWithUser(<SecurityScreen />, user);
    expect(screen.getByText('No passkeys yet.')).toBeTruthy();

    await press.press(screen.getByRole('button', { name: 'Add a passkey' }));

    expect(user.createPasskey).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('iPhone')).toBeTruthy();
    expect(screen.getByText(/Passkey added/)).toBeTruthy();
  });

  it('removes a listed passkey', async () => {
    const existing = makePasskey('pk_1', 'Pixel 9');
    const user = fakeUser([existing]);
    const press = renderWithUser(<SecurityScreen />, user);

    await press.press(screen.getByRole('button', { name: 'Remove passkey Pixel 9' }));

    expect(existing.delete).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('No passkeys yet.')).toBeTruthy();
  });

  it('says a cancelled passkey sheet was cancelled, in a neutral tone', async () => {
    const user = fakeUser([]);
    user.createPasskey.mockRejectedValueOnce({
      errors: [{ code: 'passkey_registration_cancelled', message: 'cancelled' }],
    });
    const press = renderWithUser(<SecurityScreen />, user);

    await press.press(screen.getByRole('button', { name: 'Add a passkey' }));

    expect(await screen.findByText('Adding a passkey was cancelled.')).toHaveStyle({
      color: colors.textMuted,
    });
  });

  it('explains instead of offering one on the web build', () => {
    Platform.OS = 'web';
    renderWithUser(<SecurityScreen />, fakeUser([]));

    expect(screen.getByText(/Passkeys are added in the Assetra app/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add a passkey' })).toBeNull();
    expect(useUser).not.toHaveBeenCalled();
  });

  it('offers a passkey on home to a user without one, and not to a user with one', async () => {
    const user = fakeUser([]);
    const press = renderWithUser(<PasskeyOffer />, user);

    await press.press(screen.getByRole('button', { name: 'Add a passkey' }));

    expect(user.createPasskey).toHaveBeenCalledTimes(1);
    expect(await screen.findByText(/Passkey added/)).toBeTruthy();
    renderWithUser(<PasskeyOffer />, fakeUser([makePasskey('pk_1', 'Pixel 9')]));
    expect(screen.queryByRole('button', { name: 'Add a passkey' })).toBeNull();
  });
});

describe('security: app lock', () => {
  it('sets up biometric unlock when it was skipped, and then says it is on', async () => {
    const press = renderWithUser(<SecurityScreen />, fakeUser([]));
    expect(await screen.findByText(/Not set up/)).toBeTruthy();

    await press.press(screen.getByRole('button', { name: 'Set up unlock' }));

    expect(await screen.findByText(/On: Assetra asks for your fingerprint/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Set up unlock' })).toBeNull();
  });
});

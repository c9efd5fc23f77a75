import { userEvent } from '@testing-library/react-native';
import { Slot } from 'expo-router';
import { renderRouter, screen } from 'expo-router/testing-library';
import { Text } from 'react-native';

import NotFound from '../../../app/+not-found';
import { ErrorBoundary } from '../../../app/_layout';

// The root layout module wires Clerk; only its ErrorBoundary export is under test here.
jest.mock('../../providers/ClerkProvider', () => ({ ClerkProvider: () => null }));

let explode = true;
function Fragile() {
  if (explode) throw new Error('render failed with secret detail');
  return <Text>Recovered screen</Text>;
}

describe('unknown routes', () => {
  it('shows the themed not-found page for an unknown URL, with a way back to the app', async () => {
    renderRouter(
      { index: () => <Text>Start screen</Text>, '+not-found': NotFound },
      { initialUrl: '/no/such/page' },
    );
    const user = userEvent.setup();

    expect(screen.getByRole('header', { name: 'Page not found' })).toBeTruthy();
    expect(screen.getByText('/no/such/page')).toBeTruthy();
    expect(screen.queryByText(/Unmatched Route/)).toBeNull();
    await user.press(screen.getByRole('button', { name: 'Go to Assetra' }));

    expect(await screen.findByText('Start screen')).toBeTruthy();
    expect(screen).toHavePathname('/');
  });
});

describe('root ErrorBoundary', () => {
  beforeEach(() => {
    explode = true;
    // React reports the caught error on the console; it is expected here.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });

  it('replaces a screen that throws while rendering with a themed message, hiding the error text', () => {
    renderRouter(
      { _layout: { default: () => <Slot />, ErrorBoundary }, index: Fragile },
      { initialUrl: '/' },
    );

    expect(screen.getByRole('header', { name: 'Something went wrong' })).toBeTruthy();
    expect(screen.queryByText(/secret detail/)).toBeNull();
  });

  it('renders the screen again when "Try again" is pressed', async () => {
    renderRouter(
      { _layout: { default: () => <Slot />, ErrorBoundary }, index: Fragile },
      { initialUrl: '/' },
    );
    const user = userEvent.setup();
    explode = false;

    await user.press(screen.getByRole('button', { name: 'Try again' }));

    expect(await screen.findByText('Recovered screen')).toBeTruthy();
  });
});

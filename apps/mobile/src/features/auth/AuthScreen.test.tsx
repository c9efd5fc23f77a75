import { useAuth, useSignIn, useSignUp, useSSO } from '@clerk/expo';
import { useSignInWithApple } from '@clerk/expo/apple';
import { userEvent } from '@testing-library/react-native';
import { renderRouter, screen } from 'expo-router/testing-library';
import { Platform, Text } from 'react-native';

import { createClerkFakes, type ClerkFakes } from '../../../test/support/clerkFakes';
import { getApi } from '../../services/assetraApi';
import { colors } from '../../theme';
import { SignInScreen } from './SignInScreen';
import { SignUpScreen } from './SignUpScreen';

jest.mock('@clerk/expo', () => ({
  useAuth: jest.fn(),
  useSSO: jest.fn(),
  useSignIn: jest.fn(),
  useSignUp: jest.fn(),
}));
jest.mock('@clerk/expo/apple', () => ({ useSignInWithApple: jest.fn() }));
jest.mock('expo-apple-authentication', () =>
  jest
    .requireActual<typeof import('../../../test/support/appleButton')>(
      '../../../test/support/appleButton',
    )
    .fakeAppleAuthenticationModule(),
);
jest.mock('../../services/assetraApi', () => ({ getApi: jest.fn() }));

let clerk: ClerkFakes;
const bootstrap = jest.fn();

beforeEach(() => {
  Platform.OS = 'ios';
  // jest-expo leaves Platform.Version undefined; passkeys need iOS 16+.
  Object.defineProperty(Platform, 'Version', { value: '18.0', configurable: true });
  clerk = createClerkFakes();
  bootstrap.mockResolvedValue({ created: true });
  jest.mocked(getApi).mockReturnValue({ bootstrap } as unknown as ReturnType<typeof getApi>);
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
});

function renderAuth(initialUrl: '/sign-in' | '/sign-up' = '/sign-in') {
  renderRouter(
    {
      '(auth)/sign-in': SignInScreen,
      '(auth)/sign-up': SignUpScreen,
      '(app)/home': () => <Text>Home screen</Text>,
    },
    { initialUrl },
  );
  return userEvent.setup();
}

async function expectHome() {
  expect(await screen.findByText('Home screen')).toBeTruthy();
  expect(screen).toHavePathname('/home');
}

describe('sign-in screen', () => {
  it('signs in with native Apple on iOS, activates the session, opens /home (the signed-in layout bootstraps)', async () => {
    const user = renderAuth();

    await user.press(screen.getByRole('button', { name: 'Sign in with Apple' }));

    await expectHome();
    expect(clerk.startAppleAuthenticationFlow).toHaveBeenCalledTimes(1);
    expect(clerk.startSSOFlow).not.toHaveBeenCalled();
    expect(clerk.setActive).toHaveBeenCalledWith({ session: 'sess_123' });
  });

  it('uses Apple SSO on Android', async () => {
    Platform.OS = 'android';
    const user = renderAuth();

    await user.press(screen.getByRole('button', { name: 'Sign in with Apple' }));

    await expectHome();
    expect(clerk.startSSOFlow).toHaveBeenCalledWith({ strategy: 'oauth_apple' });
    expect(clerk.startAppleAuthenticationFlow).not.toHaveBeenCalled();
  });

  it('signs in with Google through SSO', async () => {
    const user = renderAuth();

    await user.press(screen.getByRole('button', { name: 'Sign in with Google' }));

    await expectHome();
    expect(clerk.startSSOFlow).toHaveBeenCalledWith({ strategy: 'oauth_google' });
  });

  it('shows a cancelled state when the Apple sheet is dismissed, and stays on sign-in', async () => {
    clerk.startAppleAuthenticationFlow.mockResolvedValueOnce({
      createdSessionId: null,
      setActive: clerk.setActive,
    });
    const user = renderAuth();

    await user.press(screen.getByRole('button', { name: 'Sign in with Apple' }));

    expect(await screen.findByText(/Sign-in was cancelled/)).toBeTruthy();
    expect(clerk.setActive).not.toHaveBeenCalled();
    expect(bootstrap).not.toHaveBeenCalled();
    expect(screen).toHavePathname('/sign-in');
  });

  it('shows a cancelled state when the Google browser is closed', async () => {
    clerk.startSSOFlow.mockResolvedValueOnce({
      createdSessionId: null,
      setActive: clerk.setActive,
      authSessionResult: { type: 'cancel' },
    });
    const user = renderAuth();

    await user.press(screen.getByRole('button', { name: 'Sign in with Google' }));

    expect(await screen.findByText(/Sign-in was cancelled/)).toBeTruthy();
    expect(bootstrap).not.toHaveBeenCalled();
  });

  it("shows Clerk's message when the Google flow fails", async () => {
    clerk.startSSOFlow.mockRejectedValueOnce({
      errors: [
        { code: 'oauth_access_denied', message: 'denied', longMessage: 'Google refused access.' },
      ],
    });
    const user = renderAuth();

    await user.press(screen.getByRole('button', { name: 'Sign in with Google' }));

    expect(await screen.findByText('Google refused access.')).toBeTruthy();
    expect(screen.getByRole('alert')).toBeTruthy();
  });

  it('shows an offline state when Clerk cannot be reached', async () => {
    clerk.startSSOFlow.mockRejectedValueOnce({
      code: 'network_error',
      message: 'Network request failed',
    });
    const user = renderAuth();

    await user.press(screen.getByRole('button', { name: 'Sign in with Google' }));

    expect(await screen.findByText(/You're offline/)).toBeTruthy();
  });

  it('signs in with a discoverable passkey and finalizes the session', async () => {
    const user = renderAuth();

    await user.press(screen.getByRole('button', { name: 'Sign in with a passkey' }));

    await expectHome();
    expect(clerk.signIn.passkey).toHaveBeenCalledWith({ flow: 'discoverable' });
    expect(clerk.signIn.finalize).toHaveBeenCalledTimes(1);
  });

  it('treats a dismissed passkey sheet as cancelled', async () => {
    clerk.signIn.passkey.mockResolvedValueOnce({
      error: { code: 'passkey_retrieval_cancelled', message: 'x' },
    });
    const user = renderAuth();

    await user.press(screen.getByRole('button', { name: 'Sign in with a passkey' }));

    expect(await screen.findByText(/Sign-in was cancelled/)).toBeTruthy();
    expect(clerk.signIn.finalize).not.toHaveBeenCalled();
  });

  it('signs in with an emailed code', async () => {
    const user = renderAuth();

    await user.type(screen.getByLabelText('Email address'), ' Ada@Example.com ');
    await user.press(screen.getByRole('link', { name: 'Email me a 6-digit code instead' }));
    expect(await screen.findByText(/We emailed a 6-digit code to ada@example.com/)).toBeTruthy();
    await user.type(screen.getByLabelText('6-digit code'), '424242');
    await user.press(screen.getByRole('button', { name: 'Verify code' }));

    await expectHome();
    expect(clerk.signIn.emailCode.sendCode).toHaveBeenCalledWith({
      emailAddress: 'ada@example.com',
    });
    expect(clerk.signIn.emailCode.verifyCode).toHaveBeenCalledWith({ code: '424242' });
  });

  it('explains a wrong code and lets the user try again', async () => {
    clerk.signIn.emailCode.verifyCode.mockResolvedValueOnce({
      error: { code: 'form_code_incorrect', message: 'Incorrect code' },
    });
    const user = renderAuth();

    await user.type(screen.getByLabelText('Email address'), 'ada@example.com');
    await user.press(screen.getByRole('link', { name: 'Email me a 6-digit code instead' }));
    await user.type(await screen.findByLabelText('6-digit code'), '111111');
    await user.press(screen.getByRole('button', { name: 'Verify code' }));

    expect(await screen.findByText(/That code is not right/)).toBeTruthy();
    expect(clerk.signIn.finalize).not.toHaveBeenCalled();
  });

  it('rejects a malformed email before calling Clerk', async () => {
    const user = renderAuth();

    await user.type(screen.getByLabelText('Email address'), 'not-an-email');
    await user.press(screen.getByRole('link', { name: 'Email me a 6-digit code instead' }));

    expect(await screen.findByText('Enter a valid email address.')).toBeTruthy();
    expect(clerk.signIn.emailCode.sendCode).not.toHaveBeenCalled();
  });

  it('shows loading on the pressed button and disables the others while a flow runs', async () => {
    type Answer = Awaited<ReturnType<typeof clerk.startSSOFlow>>;
    let finish!: (value: Answer) => void;
    clerk.startSSOFlow.mockReturnValueOnce(new Promise<Answer>((resolve) => (finish = resolve)));
    const user = renderAuth();

    await user.press(screen.getByRole('button', { name: 'Sign in with Google' }));

    expect(screen.getByRole('button', { name: 'Sign in with Google' })).toBeBusy();
    expect(screen.getByRole('button', { name: 'Sign in with a passkey' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Email me a sign-in link' })).toBeDisabled();
    finish({
      createdSessionId: null,
      setActive: clerk.setActive,
      authSessionResult: { type: 'cancel' },
    });
    expect(await screen.findByText(/Sign-in was cancelled/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in with a passkey' })).toBeEnabled();
  });

  it('sends an already signed-in user straight to /home', async () => {
    clerk.auth.set({ isLoaded: true, isSignedIn: true, userId: 'user_123' });

    renderAuth();

    expect(await screen.findByText('Home screen')).toBeTruthy();
    expect(bootstrap).not.toHaveBeenCalled();
  });
});

describe('sign-up screen', () => {
  it('creates the account with an emailed code and finalizes it', async () => {
    const user = renderAuth('/sign-up');

    await user.type(screen.getByLabelText('Email address'), 'new@example.com');
    await user.press(screen.getByRole('link', { name: 'Email me a 6-digit code instead' }));
    await user.type(await screen.findByLabelText('6-digit code'), '123456');
    await user.press(screen.getByRole('button', { name: 'Verify code' }));

    await expectHome();
    expect(clerk.signUp.create).toHaveBeenCalledWith({ emailAddress: 'new@example.com' });
    expect(clerk.signUp.verifications.sendEmailCode).toHaveBeenCalledTimes(1);
    expect(clerk.signUp.verifications.verifyEmailCode).toHaveBeenCalledWith({ code: '123456' });
    expect(clerk.signUp.finalize).toHaveBeenCalledTimes(1);
  });

  it('signs up with Apple and Google through the same Clerk flows', async () => {
    const user = renderAuth('/sign-up');

    await user.press(screen.getByRole('button', { name: 'Sign up with Apple' }));

    await expectHome();
    expect(clerk.startAppleAuthenticationFlow).toHaveBeenCalledTimes(1);
  });

  it('says when the email already has an account', async () => {
    clerk.signUp.create.mockResolvedValueOnce({
      error: { errors: [{ code: 'form_identifier_exists', message: 'taken' }] },
    });
    const user = renderAuth('/sign-up');

    await user.type(screen.getByLabelText('Email address'), 'ada@example.com');
    await user.press(screen.getByRole('link', { name: 'Email me a 6-digit code instead' }));

    expect(await screen.findByText(/Sign in instead/)).toBeTruthy();
  });
});

describe('errors at their field', () => {
  it('shows an unknown email under the email field with a red border, not above the form', async () => {
    clerk.signIn.emailCode.sendCode.mockResolvedValueOnce({
      error: { code: 'form_identifier_not_found', message: "Couldn't find your account." },
    });
    const user = renderAuth();

    await user.type(screen.getByLabelText('Email address'), 'nobody@example.com');
    await user.press(screen.getByRole('link', { name: 'Email me a 6-digit code instead' }));

    const message = 'No Assetra account uses this email. Create an account instead.';
    expect(await screen.findByRole('alert', { name: message })).toBeTruthy();
    const field = screen.getByLabelText('Email address');
    expect(field).toHaveStyle({ borderColor: colors.danger });
    expect(field.props.accessibilityHint).toBe(message);
    expect(screen.getAllByText(message)).toHaveLength(1);
  });

  it('shows a wrong code under the code field, and clears it on the next attempt', async () => {
    clerk.signIn.emailCode.verifyCode.mockResolvedValueOnce({
      error: { code: 'form_code_incorrect', message: 'Incorrect code' },
    });
    const user = renderAuth();
    await user.type(screen.getByLabelText('Email address'), 'ada@example.com');
    await user.press(screen.getByRole('link', { name: 'Email me a 6-digit code instead' }));
    await user.type(await screen.findByLabelText('6-digit code'), '111111');

    await user.press(screen.getByRole('button', { name: 'Verify code' }));

    expect(await screen.findByText(/That code is not right/)).toBeTruthy();
    expect(screen.getByLabelText('6-digit code')).toHaveStyle({ borderColor: colors.danger });
    await user.press(screen.getByRole('button', { name: 'Verify code' }));
    await expectHome();
  });

  it('keeps the email field neutral while nothing is wrong', () => {
    renderAuth();

    expect(screen.getByLabelText('Email address')).toHaveStyle({ borderColor: colors.border });
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('passkeys where the device cannot use them', () => {
  it('hides the passkey button on web and says where passkeys work', () => {
    Platform.OS = 'web';

    renderAuth();

    expect(screen.queryByRole('button', { name: 'Sign in with a passkey' })).toBeNull();
    expect(screen.getByText(/Sign in with it in the Assetra app on your phone/)).toBeTruthy();
  });

  it('draws its own Apple button off iOS, and still signs in with Apple', async () => {
    Platform.OS = 'web';
    const user = renderAuth();

    await user.press(screen.getByRole('button', { name: 'Sign in with Apple' }));

    await expectHome();
    expect(clerk.startSSOFlow).toHaveBeenCalledWith({ strategy: 'oauth_apple' });
  });
});

describe.each(['/sign-in', '/sign-up'] as const)('%s', (path) => {
  it('renders no password field, only labelled email and code inputs', async () => {
    const user = renderAuth(path);

    const inputsBefore = screen.UNSAFE_root.findAll(
      (node) =>
        node.props.secureTextEntry === true ||
        node.props.textContentType === 'password' ||
        node.props.autoComplete === 'password',
    );
    await user.type(screen.getByLabelText('Email address'), 'ada@example.com');
    await user.press(screen.getByRole('link', { name: 'Email me a 6-digit code instead' }));
    await screen.findByLabelText('6-digit code');
    const inputsAfter = screen.UNSAFE_root.findAll((node) => node.props.secureTextEntry === true);

    expect(inputsBefore).toHaveLength(0);
    expect(inputsAfter).toHaveLength(0);
    expect(screen.queryByLabelText(/password/i)).toBeNull();
  });

  it('gives every sign-in method a large, labelled button, the code a text link', () => {
    renderAuth(path);

    for (const name of [
      /with Apple/,
      /with Google/,
      'Sign in with a passkey',
      'Email me a sign-in link',
    ]) {
      expect(screen.getByRole('button', { name })).toBeTruthy();
    }
    expect(screen.getByRole('link', { name: 'Email me a 6-digit code instead' })).toBeTruthy();
  });
});

import * as AppleAuthentication from 'expo-apple-authentication';
import { ActivityIndicator, Image, Platform, StyleSheet, View } from 'react-native';

import appleLogo from '../../../assets/apple-logo.png';
import googleG from '../../../assets/google-g.png';
import { Button } from '../../components/Button';
import { BUTTON_HEIGHT, colors, radius } from '../../theme';
import type { AuthMode } from './useAuthFlows';

type Props = { mode: AuthMode; loading: boolean; disabled: boolean; onPress: () => void };

/**
 * Sign in with Apple. On iOS it is Apple's own `ASAuthorizationAppleIDButton` (App Review
 * expects the system button); elsewhere a button drawn to Apple's guidelines: white, the Apple
 * logo, "Sign in with Apple".
 */
export function AppleSignInButton({ mode, loading, disabled, onPress }: Props) {
  if (Platform.OS !== 'ios') {
    return (
      <Button
        label={mode === 'sign-in' ? 'Sign in with Apple' : 'Sign up with Apple'}
        variant="apple"
        loading={loading}
        disabled={disabled}
        onPress={onPress}
        icon={<Image source={appleLogo} style={styles.logo} accessible={false} />}
      />
    );
  }
  const inactive = disabled || loading;
  return (
    <View
      style={[styles.native, inactive && !loading && styles.dimmed]}
      pointerEvents={inactive ? 'none' : 'auto'}
      accessibilityState={{ disabled: inactive, busy: loading }}
    >
      <AppleAuthentication.AppleAuthenticationButton
        buttonType={
          mode === 'sign-in'
            ? AppleAuthentication.AppleAuthenticationButtonType.SIGN_IN
            : AppleAuthentication.AppleAuthenticationButtonType.SIGN_UP
        }
        buttonStyle={AppleAuthentication.AppleAuthenticationButtonStyle.WHITE}
        cornerRadius={radius.md}
        style={styles.fill}
        onPress={onPress}
      />
      {loading ? (
        <View style={styles.busy}>
          <ActivityIndicator color={colors.black} />
        </View>
      ) : null}
    </View>
  );
}

/** Google's branding: the multicolour G, "Sign in with Google", its dark-theme colours. */
export function GoogleSignInButton({ mode, loading, disabled, onPress }: Props) {
  return (
    <Button
      label={mode === 'sign-in' ? 'Sign in with Google' : 'Sign up with Google'}
      variant="google"
      loading={loading}
      disabled={disabled}
      onPress={onPress}
      icon={<Image source={googleG} style={styles.logo} accessible={false} />}
    />
  );
}

const styles = StyleSheet.create({
  logo: { width: 20, height: 20 },
  native: { height: BUTTON_HEIGHT, width: '100%' },
  fill: { height: BUTTON_HEIGHT, width: '100%' },
  dimmed: { opacity: 0.5 },
  busy: {
    position: 'absolute',
    top: 0,
    right: 0,
    bottom: 0,
    left: 0,
    alignItems: 'center',
    justifyContent: 'center',
    borderRadius: radius.md,
    backgroundColor: colors.white,
  },
});

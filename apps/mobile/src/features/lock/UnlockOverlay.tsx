import { ActivityIndicator, StyleSheet, Text, View } from 'react-native';

import { Button } from '../../components/Button';
import { LogoMark } from '../../components/LogoMark';
import { Notice } from '../../components/Notice';
import { Screen } from '../../components/Screen';
import type { AppLock } from '../../hooks/useAppLock';
import { colors, spacing } from '../../theme';

type Props = {
  lock: Pick<AppLock, 'status' | 'reason' | 'unlock'>;
  onSignOut: () => void;
};

const MESSAGES: Record<NonNullable<AppLock['reason']>, string> = {
  cancelled: 'Unlock was cancelled.',
  failed: "That didn't work. Try again, or use your device passcode.",
  'biometrics-unavailable':
    'Biometric unlock is unavailable on this device right now. Use your device passcode, or sign out.',
  'biometrics-changed':
    'The fingerprints or faces on this device changed. Sign in again to continue.',
};

/**
 * Full-screen, opaque, and the only thing screen readers can reach while the app is locked. Laid
 * out like the app's other screens (mark, heading, message, actions from the top), so a message
 * appearing under the heading moves nothing the user is about to tap.
 */
export function UnlockOverlay({ lock, onSignOut }: Props) {
  const { status, reason } = lock;
  const mustSignIn = reason === 'biometrics-changed';
  const biometricsUsable = reason !== 'biometrics-unavailable' && !mustSignIn;
  return (
    <View style={styles.overlay} accessibilityViewIsModal testID="unlock-overlay">
      <Screen>
        <LogoMark />
        <Text accessibilityRole="header" style={styles.heading}>
          Assetra is locked
        </Text>
        {status === 'unlocking' ? (
          <View style={styles.row} accessibilityLabel="Waiting for authentication" accessible>
            <ActivityIndicator color={colors.accent} />
            <Text style={styles.muted}>Waiting for Face ID / fingerprint…</Text>
          </View>
        ) : reason ? (
          <Notice tone={reason === 'cancelled' ? 'info' : 'error'} message={MESSAGES[reason]} />
        ) : null}
        {biometricsUsable ? (
          <Button
            label="Unlock"
            accessibilityLabel="Unlock with Face ID or fingerprint"
            loading={status === 'unlocking'}
            onPress={() => void lock.unlock('biometric')}
          />
        ) : null}
        {!mustSignIn ? (
          <Button
            label="Use device passcode"
            variant="secondary"
            disabled={status === 'unlocking'}
            onPress={() => void lock.unlock('passcode')}
          />
        ) : null}
        <Button
          label={mustSignIn ? 'Sign in again' : 'Sign out'}
          variant={mustSignIn ? 'primary' : 'danger'}
          disabled={status === 'unlocking'}
          onPress={onSignOut}
        />
      </Screen>
    </View>
  );
}

/** Shown while the app is inactive or in the background: hides balances from the app switcher. */
export function PrivacyCover() {
  return (
    <View
      style={[styles.overlay, styles.centred]}
      testID="privacy-cover"
      accessibilityElementsHidden
    >
      <Text style={styles.brand}>Assetra</Text>
    </View>
  );
}

const styles = StyleSheet.create({
  overlay: { ...StyleSheet.absoluteFill, backgroundColor: colors.background, zIndex: 1000 },
  centred: { justifyContent: 'center', alignItems: 'center' },
  heading: { color: colors.text, fontSize: 26, fontWeight: '700' },
  brand: { color: colors.text, fontSize: 28, fontWeight: '700' },
  row: { flexDirection: 'row', gap: spacing.sm, alignItems: 'center' },
  muted: { color: colors.textMuted, fontSize: 16 },
});

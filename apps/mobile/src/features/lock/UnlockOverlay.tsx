import { ActivityIndicator, StyleSheet, Text, View } from 'react-native';

import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
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

/** Full-screen, opaque, and the only thing screen readers can reach while the app is locked. */
export function UnlockOverlay({ lock, onSignOut }: Props) {
  const { status, reason } = lock;
  const mustSignIn = reason === 'biometrics-changed';
  const biometricsUsable = reason !== 'biometrics-unavailable' && !mustSignIn;
  return (
    <View style={styles.overlay} accessibilityViewIsModal testID="unlock-overlay">
      <Text accessibilityRole="header" style={styles.title}>
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
      <View style={styles.actions}>
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
      </View>
    </View>
  );
}

/** Shown while the app is inactive or in the background: hides balances from the app switcher. */
export function PrivacyCover() {
  return (
    <View style={styles.overlay} testID="privacy-cover" accessibilityElementsHidden>
      <Text style={styles.title}>Assetra</Text>
    </View>
  );
}

const styles = StyleSheet.create({
  overlay: {
    ...StyleSheet.absoluteFill,
    backgroundColor: colors.background,
    justifyContent: 'center',
    padding: spacing.lg,
    gap: spacing.lg,
    zIndex: 1000,
  },
  title: { color: colors.text, fontSize: 28, fontWeight: '700', textAlign: 'center' },
  row: { flexDirection: 'row', gap: spacing.sm, justifyContent: 'center', alignItems: 'center' },
  muted: { color: colors.textMuted, fontSize: 16 },
  actions: { gap: spacing.md },
});

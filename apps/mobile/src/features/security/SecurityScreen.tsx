import { router } from 'expo-router';
import { StyleSheet, Text, View } from 'react-native';

import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { Screen } from '../../components/Screen';
import { colors, radius, spacing } from '../../theme';
import { canCreatePasskeys, PASSKEYS_UNSUPPORTED } from './passkeySupport';
import { UnlockSection } from './UnlockSection';
import { usePasskeys } from './usePasskeys';

function describeDate(label: string, date: Date | null): string | null {
  return date ? `${label} ${date.toLocaleDateString()}` : null;
}

function PasskeyManager() {
  const passkeys = usePasskeys();
  return (
    <>
      {passkeys.message ? (
        <Notice tone={passkeys.message.tone} message={passkeys.message.text} />
      ) : null}
      {passkeys.isLoaded && passkeys.passkeys.length === 0 ? (
        <Text style={styles.muted}>No passkeys yet.</Text>
      ) : null}
      <View accessibilityRole="list" style={styles.list}>
        {passkeys.passkeys.map((passkey) => {
          const name = passkey.name ?? 'Passkey';
          const details = [
            describeDate('Added', passkey.createdAt),
            describeDate('last used', passkey.lastUsedAt),
          ].filter((part): part is string => part !== null);
          return (
            <View key={passkey.id} style={styles.row}>
              <View style={styles.rowText}>
                <Text style={styles.name}>{name}</Text>
                <Text style={styles.muted}>{details.join(', ')}</Text>
              </View>
              <Button
                label="Remove"
                accessibilityLabel={`Remove passkey ${name}`}
                variant="danger"
                loading={passkeys.busy === passkey.id}
                disabled={passkeys.busy !== null}
                onPress={() => passkeys.remove(passkey.id)}
              />
            </View>
          );
        })}
      </View>
      <Button
        label="Add a passkey"
        loading={passkeys.busy === 'add'}
        disabled={passkeys.busy !== null}
        onPress={passkeys.add}
      />
    </>
  );
}

/** `/security`: the user's passkeys (add, list, remove), or why this device cannot add one. */
export function SecurityScreen() {
  return (
    <Screen>
      <Text accessibilityRole="header" style={styles.title}>
        Security
      </Text>
      <View style={styles.section}>
        <Text accessibilityRole="header" style={styles.heading}>
          Passkeys
        </Text>
        <Text style={styles.muted}>
          A passkey signs you in with Face ID, your fingerprint or your screen lock. It never leaves
          your device and cannot be phished.
        </Text>
        {canCreatePasskeys() ? (
          <PasskeyManager />
        ) : (
          <Notice tone="info" message={PASSKEYS_UNSUPPORTED} />
        )}
      </View>
      <View style={styles.section}>
        <UnlockSection />
      </View>
      <Button label="Back" variant="secondary" onPress={() => router.back()} />
    </Screen>
  );
}

const styles = StyleSheet.create({
  title: { color: colors.text, fontSize: 28, fontWeight: '700' },
  heading: { color: colors.text, fontSize: 20, fontWeight: '700' },
  section: {
    gap: spacing.md,
    padding: spacing.lg,
    borderRadius: radius.lg,
    backgroundColor: colors.surface,
    borderWidth: 1,
    borderColor: colors.border,
  },
  list: { gap: spacing.md },
  row: { gap: spacing.sm },
  rowText: { gap: spacing.xs },
  name: { color: colors.text, fontSize: 17, fontWeight: '600' },
  muted: { color: colors.textMuted, fontSize: 15, lineHeight: 21 },
});

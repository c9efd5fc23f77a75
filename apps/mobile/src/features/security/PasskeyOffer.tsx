import { useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { colors, radius, spacing } from '../../theme';
import { canCreatePasskeys } from './passkeySupport';
import { usePasskeys } from './usePasskeys';

/** "Not now" holds for the rest of this app run; the Security screen always offers it. */
let dismissed = false;

function Offer() {
  const passkeys = usePasskeys();
  const [hidden, setHidden] = useState(dismissed);
  const { added } = passkeys;
  if (hidden || !passkeys.isLoaded || (passkeys.passkeys.length > 0 && !added)) return null;
  return (
    <View style={styles.card} testID="passkey-offer">
      <Text style={styles.title}>Sign in faster with a passkey</Text>
      <Text style={styles.body}>
        Use Face ID, your fingerprint or your screen lock instead of an email code.
      </Text>
      {passkeys.message ? (
        <Notice tone={passkeys.message.tone} message={passkeys.message.text} />
      ) : null}
      {added ? null : (
        <>
          <Button label="Add a passkey" loading={passkeys.busy === 'add'} onPress={passkeys.add} />
          <Button
            label="Not now"
            variant="secondary"
            disabled={passkeys.busy !== null}
            onPress={() => {
              dismissed = true;
              setHidden(true);
            }}
          />
        </>
      )}
    </View>
  );
}

/** Offered on home after sign-in when the user has no passkey and this device can make one. */
export function PasskeyOffer() {
  return canCreatePasskeys() ? <Offer /> : null;
}

const styles = StyleSheet.create({
  card: {
    gap: spacing.md,
    padding: spacing.lg,
    borderRadius: radius.lg,
    backgroundColor: colors.surface,
    borderWidth: 1,
    borderColor: colors.accent,
  },
  title: { color: colors.text, fontSize: 18, fontWeight: '700' },
  body: { color: colors.textMuted, fontSize: 15, lineHeight: 21 },
});

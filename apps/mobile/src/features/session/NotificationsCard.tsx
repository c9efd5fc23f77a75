import { useEffect, useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { Button } from '../../components/Button';
import { getApi } from '../../services/assetraApi';
import { notificationPermission } from '../../services/pushNotifications';
import { registerPushToken } from '../../services/pushRegistration';
import { colors, radius, spacing } from '../../theme';

/** "Not now" holds for the rest of this app run. */
let dismissed = false;

/**
 * Asks for notification permission in context, after saying what it is for; the OS dialog
 * appears only when the user taps "Turn on notifications" (never straight after sign-in).
 */
export function NotificationsCard() {
  const [visible, setVisible] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let active = true;
    if (!dismissed) {
      void notificationPermission().then((permission) => {
        if (active) setVisible(permission === 'ask');
      });
    }
    return () => {
      active = false;
    };
  }, []);

  if (!visible) return null;
  const close = () => {
    dismissed = true;
    setVisible(false);
  };
  return (
    <View style={styles.card} testID="notifications-card">
      <Text style={styles.title}>Get account alerts</Text>
      <Text style={styles.body}>
        Assetra can tell you about new sign-ins and changes to your subscription.
      </Text>
      <Button
        label="Turn on notifications"
        loading={busy}
        onPress={() => {
          setBusy(true);
          void registerPushToken(getApi(), { ask: true }).finally(close);
        }}
      />
      <Button label="Not now" variant="secondary" disabled={busy} onPress={close} />
    </View>
  );
}

const styles = StyleSheet.create({
  card: {
    gap: spacing.md,
    padding: spacing.lg,
    borderRadius: radius.lg,
    backgroundColor: colors.surface,
    borderWidth: 1,
    borderColor: colors.border,
  },
  title: { color: colors.text, fontSize: 18, fontWeight: '700' },
  body: { color: colors.textMuted, fontSize: 15, lineHeight: 21 },
});

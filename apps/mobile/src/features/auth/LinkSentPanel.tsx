import { Platform, StyleSheet, Text, View } from 'react-native';

import { Button } from '../../components/Button';
import { colors, radius, spacing } from '../../theme';

type Props = {
  email: string;
  /** How many links this screen has sent to `email`; from the second on, say so. */
  sends: number;
  resending: boolean;
  sendingCode: boolean;
  disabled: boolean;
  /** Why the last resend or "use a code" failed, shown inside the panel. */
  problem: string | null;
  onResend: () => void;
  onCodeInstead: () => void;
  onChangeEmail: () => void;
};

// The verifier stays with this install (web: this tab), so the link works only here.
const here = () => (Platform.OS === 'web' ? 'in this browser tab' : 'on this device');

/** "Check your email": the link is on its way; resend it, or fall back to a code. */
export function LinkSentPanel(props: Props) {
  const { email, sends, resending, sendingCode, disabled } = props;
  return (
    <View style={styles.panel}>
      <Text accessibilityRole="header" style={styles.title}>
        Check your email
      </Text>
      <Text style={styles.body} accessibilityLiveRegion="polite">
        We sent a sign-in link to <Text style={styles.email}>{email}</Text>. Open it {here()} within
        15 minutes to sign in.
      </Text>
      {props.problem !== null ? (
        <Text style={styles.problem} accessibilityRole="alert" accessibilityLiveRegion="polite">
          {props.problem}
        </Text>
      ) : null}
      {sends > 1 && props.problem === null ? (
        <Text style={styles.muted} accessibilityLiveRegion="polite">
          A new link is on its way. An earlier link from the last 15 minutes still works too.
        </Text>
      ) : null}
      <Button
        label="Resend link"
        variant="secondary"
        loading={resending}
        disabled={disabled}
        onPress={props.onResend}
      />
      <Button
        label="Use a code instead"
        variant="secondary"
        accessibilityHint={`Emails a 6-digit code to ${email}`}
        loading={sendingCode}
        disabled={disabled}
        onPress={props.onCodeInstead}
      />
      <Button
        label="Use a different email"
        variant="secondary"
        disabled={disabled}
        onPress={props.onChangeEmail}
      />
    </View>
  );
}

const styles = StyleSheet.create({
  panel: {
    gap: spacing.md,
    padding: spacing.md,
    borderRadius: radius.lg,
    borderWidth: 1,
    borderColor: colors.border,
    backgroundColor: colors.surface,
  },
  title: { color: colors.text, fontSize: 22, fontWeight: '700' },
  body: { color: colors.text, fontSize: 16, lineHeight: 22 },
  email: { fontWeight: '700' },
  muted: { color: colors.textMuted, fontSize: 15, lineHeight: 21 },
  problem: { color: colors.danger, fontSize: 15, lineHeight: 21 },
});

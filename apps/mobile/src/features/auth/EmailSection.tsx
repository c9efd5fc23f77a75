import { useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { Button } from '../../components/Button';
import { TextField } from '../../components/TextField';
import { colors, spacing } from '../../theme';
import { EmailCodeForm } from './EmailCodeForm';
import { LinkSentPanel } from './LinkSentPanel';
import type { useAuthFlows } from './useAuthFlows';

type Props = {
  flows: ReturnType<typeof useAuthFlows>;
  disabled: boolean;
  /** Pre-filled, e.g. when a dead link sends the user back here to ask for a new one. */
  initialEmail?: string;
};

/**
 * Passwordless email: a magic link (the API's own, bound to this install) is the primary
 * action; Clerk's 6-digit code stays as the fallback, offered here and from "Check your email".
 */
export function EmailSection({ flows, disabled, initialEmail }: Props) {
  const [email, setEmail] = useState(initialEmail ?? '');

  if (flows.codeSentTo !== null) {
    return (
      <EmailCodeForm
        codeSentTo={flows.codeSentTo}
        verifying={flows.busy === 'code'}
        disabled={disabled}
        onVerifyCode={flows.verifyCode}
        onChangeEmail={flows.changeEmail}
      />
    );
  }

  if (flows.linkSentTo !== null) {
    const sentTo = flows.linkSentTo;
    return (
      <LinkSentPanel
        email={sentTo}
        sends={flows.linksSent}
        resending={flows.busy === 'link'}
        sendingCode={flows.busy === 'email'}
        disabled={disabled}
        onResend={() => flows.sendLink(sentTo)}
        onCodeInstead={flows.codeInstead}
        onChangeEmail={flows.changeEmail}
      />
    );
  }

  return (
    <View style={styles.form}>
      <TextField
        label="Email address"
        value={email}
        onChangeText={setEmail}
        placeholder="you@example.com"
        keyboardType="email-address"
        autoCapitalize="none"
        autoCorrect={false}
        autoComplete="email"
        textContentType="emailAddress"
        returnKeyType="send"
        editable={!disabled}
        onSubmitEditing={() => flows.sendLink(email)}
      />
      <Button
        label="Email me a sign-in link"
        accessibilityHint="Sends a link that signs you in on this device"
        loading={flows.busy === 'link'}
        disabled={disabled}
        onPress={() => flows.sendLink(email)}
      />
      <Text style={styles.or}>or get a 6-digit code instead</Text>
      <Button
        label="Email me a sign-in code"
        variant="secondary"
        loading={flows.busy === 'email'}
        disabled={disabled}
        onPress={() => flows.sendCode(email)}
      />
    </View>
  );
}

const styles = StyleSheet.create({
  form: { gap: spacing.md },
  or: { color: colors.textMuted, textAlign: 'center', fontSize: 14 },
});

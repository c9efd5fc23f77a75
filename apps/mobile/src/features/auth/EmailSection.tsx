import { useState } from 'react';
import { StyleSheet, View } from 'react-native';

import { Button } from '../../components/Button';
import { TextField } from '../../components/TextField';
import { TextLink } from '../../components/TextLink';
import { spacing } from '../../theme';
import { problemMessage } from './authErrors';
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
  const { problem, problemFlow } = flows;
  // What went wrong with the last email action, shown at the field (or panel) it belongs to.
  const emailProblem =
    problem !== null && (problemFlow === 'link' || problemFlow === 'email')
      ? problemMessage(problem)
      : null;
  const codeProblem = problem !== null && problemFlow === 'code' ? problemMessage(problem) : null;

  if (flows.codeSentTo !== null) {
    return (
      <EmailCodeForm
        codeSentTo={flows.codeSentTo}
        verifying={flows.busy === 'code'}
        disabled={disabled}
        error={codeProblem}
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
        problem={emailProblem}
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
        error={emailProblem}
        onSubmitEditing={() => flows.sendLink(email)}
      />
      <Button
        label="Email me a sign-in link"
        accessibilityHint="Sends a link that signs you in on this device"
        loading={flows.busy === 'link'}
        disabled={disabled}
        onPress={() => flows.sendLink(email)}
      />
      <TextLink
        label="Email me a 6-digit code instead"
        accessibilityHint="Sends a code to type in here, instead of a link"
        disabled={disabled}
        onPress={() => flows.sendCode(email)}
      />
    </View>
  );
}

const styles = StyleSheet.create({
  form: { gap: spacing.sm },
});

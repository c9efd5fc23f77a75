import { useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { Button } from '../../components/Button';
import { TextField } from '../../components/TextField';
import { colors, spacing } from '../../theme';
import type { FlowName } from './useAuthFlows';

type Props = {
  busy: FlowName | null;
  disabled: boolean;
  codeSentTo: string | null;
  onSendCode: (email: string) => void;
  onVerifyCode: (code: string) => void;
  onChangeEmail: () => void;
};

/** Passwordless email: Clerk emails a one-time code (native apps cannot use Clerk's email links). */
export function EmailCodeForm(props: Props) {
  const { busy, disabled, codeSentTo, onSendCode, onVerifyCode, onChangeEmail } = props;
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');

  if (codeSentTo === null) {
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
          onSubmitEditing={() => onSendCode(email)}
        />
        <Button
          label="Email me a sign-in code"
          variant="secondary"
          loading={busy === 'email'}
          disabled={disabled}
          onPress={() => onSendCode(email)}
        />
      </View>
    );
  }

  return (
    <View style={styles.form}>
      <Text style={styles.sent} accessibilityLiveRegion="polite">
        We emailed a 6-digit code to {codeSentTo}.
      </Text>
      <TextField
        label="6-digit code"
        value={code}
        onChangeText={setCode}
        keyboardType="number-pad"
        autoComplete="one-time-code"
        textContentType="oneTimeCode"
        maxLength={6}
        editable={!disabled}
        onSubmitEditing={() => onVerifyCode(code)}
      />
      <Button
        label="Verify code"
        loading={busy === 'code'}
        disabled={disabled}
        onPress={() => onVerifyCode(code)}
      />
      <Button
        label="Use a different email"
        variant="secondary"
        disabled={disabled}
        onPress={onChangeEmail}
      />
    </View>
  );
}

const styles = StyleSheet.create({
  form: { gap: spacing.md },
  sent: { color: colors.text, fontSize: 16, lineHeight: 22 },
});

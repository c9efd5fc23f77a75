import { useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { Button } from '../../components/Button';
import { TextField } from '../../components/TextField';
import { colors, spacing } from '../../theme';

type Props = {
  codeSentTo: string;
  verifying: boolean;
  disabled: boolean;
  /** Why the last code was refused, shown at the code field. */
  error: string | null;
  onVerifyCode: (code: string) => void;
  onChangeEmail: () => void;
};

/** The fallback to the link: Clerk emails a one-time code that is typed in here. */
export function EmailCodeForm({
  codeSentTo,
  verifying,
  disabled,
  error,
  onVerifyCode,
  onChangeEmail,
}: Props) {
  const [code, setCode] = useState('');
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
        error={error}
        onSubmitEditing={() => onVerifyCode(code)}
      />
      <Button
        label="Verify code"
        loading={verifying}
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

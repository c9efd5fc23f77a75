import { StyleSheet, Text, TextInput, View, type TextInputProps } from 'react-native';

import { BUTTON_HEIGHT, colors, MESSAGE_LINE, radius, spacing } from '../theme';

type Props = Omit<TextInputProps, 'secureTextEntry' | 'style'> & {
  label: string;
  /**
   * What is wrong with this field, shown under it with a red border. Passing the prop (even
   * `null`) keeps a line free for the message, so the screen does not move when it appears.
   */
  error?: string | null;
};

/**
 * A labelled text input. `secureTextEntry` is deliberately not accepted: Assetra has no
 * passwords, and a password field would be the first step towards one.
 */
export function TextField({ label, error, ...input }: Props) {
  const invalid = typeof error === 'string' && error.length > 0;
  return (
    <View style={styles.field}>
      <Text style={styles.label}>{label}</Text>
      <TextInput
        accessibilityLabel={label}
        accessibilityHint={invalid ? error : undefined}
        placeholderTextColor={colors.textMuted}
        style={[styles.input, invalid && styles.inputInvalid]}
        {...input}
      />
      {error !== undefined ? (
        <View style={styles.messageSlot}>
          {invalid ? (
            <Text style={styles.message} accessibilityRole="alert" accessibilityLiveRegion="polite">
              {error}
            </Text>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  field: { gap: spacing.xs },
  label: { color: colors.textMuted, fontSize: 14, fontWeight: '600' },
  input: {
    minHeight: BUTTON_HEIGHT,
    borderRadius: radius.md,
    borderWidth: 1,
    borderColor: colors.border,
    backgroundColor: colors.surface,
    color: colors.text,
    fontSize: 17,
    paddingHorizontal: spacing.md,
  },
  inputInvalid: { borderColor: colors.danger, borderWidth: 2 },
  messageSlot: { minHeight: MESSAGE_LINE },
  message: { color: colors.danger, fontSize: 15, lineHeight: MESSAGE_LINE },
});

import { StyleSheet, Text, TextInput, View, type TextInputProps } from 'react-native';

import { BUTTON_HEIGHT, colors, radius, spacing } from '../theme';

type Props = Omit<TextInputProps, 'secureTextEntry' | 'style'> & { label: string };

/**
 * A labelled text input. `secureTextEntry` is deliberately not accepted: Assetra has no
 * passwords, and a password field would be the first step towards one.
 */
export function TextField({ label, ...input }: Props) {
  return (
    <View style={styles.field}>
      <Text style={styles.label}>{label}</Text>
      <TextInput
        accessibilityLabel={label}
        placeholderTextColor={colors.textMuted}
        style={styles.input}
        {...input}
      />
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
});

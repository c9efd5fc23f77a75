import { Pressable, StyleSheet, Text } from 'react-native';

import { colors, spacing } from '../theme';

type Props = { label: string; onPress: () => void; disabled?: boolean; accessibilityHint?: string };

/** A secondary action as underlined text: less weight than a button, still a 44 pt target. */
export function TextLink({ label, onPress, disabled = false, accessibilityHint }: Props) {
  return (
    <Pressable
      accessibilityRole="link"
      accessibilityLabel={label}
      accessibilityHint={accessibilityHint}
      accessibilityState={{ disabled }}
      disabled={disabled}
      onPress={onPress}
      hitSlop={spacing.sm}
      style={({ pressed }) => [styles.link, (pressed || disabled) && styles.dim]}
    >
      <Text style={styles.text}>{label}</Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  link: { minHeight: 44, justifyContent: 'center', alignSelf: 'center' },
  dim: { opacity: 0.6 },
  text: {
    color: colors.accent,
    fontSize: 16,
    fontWeight: '600',
    textDecorationLine: 'underline',
    textAlign: 'center',
  },
});

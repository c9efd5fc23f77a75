import { StyleSheet, Text, View } from 'react-native';

import { colors, radius, spacing } from '../theme';

export type NoticeTone = 'error' | 'info' | 'offline';

/** An inline message announced to screen readers as soon as it appears. */
export function Notice({ tone, message }: { tone: NoticeTone; message: string }) {
  const color =
    tone === 'error' ? colors.danger : tone === 'offline' ? colors.warning : colors.textMuted;
  return (
    <View
      accessible
      accessibilityRole="alert"
      accessibilityLiveRegion="polite"
      style={[styles.notice, { borderColor: color }]}
    >
      <Text style={[styles.text, { color }]}>{message}</Text>
    </View>
  );
}

const styles = StyleSheet.create({
  notice: { borderWidth: 1, borderRadius: radius.md, padding: spacing.md },
  text: { fontSize: 15, lineHeight: 21 },
});

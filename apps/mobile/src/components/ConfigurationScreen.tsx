import { StyleSheet, Text, View } from 'react-native';

import { colors, radius, spacing } from '../theme';

/** Shown instead of the app when its build-time configuration is missing or unsafe. */
export function ConfigurationScreen({ problems }: { problems: readonly string[] }) {
  return (
    <View style={styles.container}>
      <Text accessibilityRole="header" style={styles.title}>
        Assetra is not configured
      </Text>
      <Text style={styles.body}>
        This build is missing settings it needs. Set them in apps/mobile/.env (or the build
        environment) and rebuild:
      </Text>
      <View style={styles.list} accessibilityRole="list">
        {problems.map((problem) => (
          <Text key={problem} style={styles.item}>
            • {problem}
          </Text>
        ))}
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  container: {
    flex: 1,
    backgroundColor: colors.background,
    justifyContent: 'center',
    padding: spacing.lg,
    gap: spacing.md,
  },
  title: { color: colors.text, fontSize: 26, fontWeight: '700' },
  body: { color: colors.textMuted, fontSize: 16, lineHeight: 22 },
  list: {
    gap: spacing.sm,
    padding: spacing.md,
    borderRadius: radius.md,
    backgroundColor: colors.surface,
  },
  item: { color: colors.warning, fontSize: 15, fontFamily: 'monospace' },
});

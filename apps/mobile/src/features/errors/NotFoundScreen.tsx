import { router, usePathname } from 'expo-router';
import { StyleSheet, Text, View } from 'react-native';

import { Button } from '../../components/Button';
import { LogoMark } from '../../components/LogoMark';
import { Screen } from '../../components/Screen';
import { colors, spacing } from '../../theme';

/** Any URL the app has no route for: say so plainly and offer the way back in. */
export function NotFoundScreen() {
  const pathname = usePathname();
  return (
    <Screen>
      <View style={styles.header}>
        <LogoMark />
        <Text accessibilityRole="header" style={styles.title}>
          Page not found
        </Text>
        <Text style={styles.body}>
          There is nothing at <Text style={styles.path}>{pathname}</Text>. The link may be old or
          mistyped.
        </Text>
      </View>
      {/* "/" decides: home when signed in, sign-in otherwise. */}
      <Button label="Go to Assetra" onPress={() => router.replace('/')} />
    </Screen>
  );
}

const styles = StyleSheet.create({
  header: { gap: spacing.sm, marginBottom: spacing.md },
  title: { color: colors.text, fontSize: 30, fontWeight: '700', marginTop: spacing.sm },
  body: { color: colors.textMuted, fontSize: 16, lineHeight: 22 },
  path: { color: colors.text, fontWeight: '600' },
});

import type { ErrorBoundaryProps } from 'expo-router';
import { StyleSheet, Text, View } from 'react-native';

import { Button } from '../../components/Button';
import { LogoMark } from '../../components/LogoMark';
import { Screen } from '../../components/Screen';
import { colors, spacing } from '../../theme';

/**
 * What a render error anywhere below the root layout shows instead of a blank or red screen.
 * Outside ClerkProvider, so it uses no Clerk hook. The error's text is not shown: it can carry
 * details a user should not see and could not act on (React logs it in development builds).
 */
export function RootErrorBoundary({ retry }: ErrorBoundaryProps) {
  return (
    <Screen>
      <View style={styles.header}>
        <LogoMark />
        <Text accessibilityRole="header" style={styles.title}>
          Something went wrong
        </Text>
        <Text style={styles.body}>
          Assetra hit an unexpected problem on this screen. Try again; if it keeps happening, close
          and reopen the app.
        </Text>
      </View>
      <Button label="Try again" onPress={() => void retry()} />
    </Screen>
  );
}

const styles = StyleSheet.create({
  header: { gap: spacing.sm, marginBottom: spacing.md },
  title: { color: colors.text, fontSize: 30, fontWeight: '700', marginTop: spacing.sm },
  body: { color: colors.textMuted, fontSize: 16, lineHeight: 22 },
});

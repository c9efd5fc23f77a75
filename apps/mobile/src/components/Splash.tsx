import { useEffect, useState } from 'react';
import { ActivityIndicator, StyleSheet, Text, View } from 'react-native';

import { colors, spacing } from '../theme';

/** Clerk never finishes loading without a network; after this long the splash says so. */
export const SLOW_START_MS = 8_000;

/** Shown while the session is being restored: brand only, never protected content. */
export function Splash() {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), SLOW_START_MS);
    return () => clearTimeout(timer);
  }, []);
  return (
    <View style={styles.container} accessibilityLabel="Loading Assetra" accessible>
      <Text style={styles.brand}>Assetra</Text>
      <ActivityIndicator color={colors.accent} />
      {slow ? (
        <Text style={styles.hint} accessibilityRole="alert">
          Still connecting… check your internet connection.
        </Text>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  container: {
    flex: 1,
    backgroundColor: colors.background,
    alignItems: 'center',
    justifyContent: 'center',
    gap: spacing.lg,
    padding: spacing.lg,
  },
  brand: { color: colors.text, fontSize: 34, fontWeight: '700', letterSpacing: 0.5 },
  hint: { color: colors.warning, fontSize: 15, textAlign: 'center' },
});

import { useEffect, useState } from 'react';
import { Animated, StyleSheet, View, type DimensionValue } from 'react-native';

import { colors, radius, spacing } from '../theme';

/** A pulsing placeholder bar; decorative, so hidden from screen readers. */
export function SkeletonBar({ width, height = 16 }: { width: DimensionValue; height?: number }) {
  const [opacity] = useState(() => new Animated.Value(0.5));
  useEffect(() => {
    const pulse = Animated.loop(
      Animated.sequence([
        Animated.timing(opacity, { toValue: 1, duration: 700, useNativeDriver: true }),
        Animated.timing(opacity, { toValue: 0.5, duration: 700, useNativeDriver: true }),
      ]),
    );
    pulse.start();
    return () => pulse.stop();
  }, [opacity]);
  return (
    <Animated.View
      accessibilityElementsHidden
      importantForAccessibility="no-hide-descendants"
      style={[styles.bar, { width, height, opacity }]}
    />
  );
}

/** The shape of a card while its content loads; announced once with `label`. */
export function SkeletonCard({ label, lines = 2 }: { label: string; lines?: number }) {
  return (
    <View style={styles.card} accessible accessibilityLabel={label} accessibilityRole="progressbar">
      <SkeletonBar width="40%" height={14} />
      <SkeletonBar width="70%" height={32} />
      {Array.from({ length: Math.max(0, lines - 2) }, (_, index) => (
        <SkeletonBar key={index} width="55%" height={14} />
      ))}
    </View>
  );
}

const styles = StyleSheet.create({
  bar: { borderRadius: radius.md / 2, backgroundColor: colors.surfaceRaised },
  card: {
    gap: spacing.sm,
    padding: spacing.lg,
    borderRadius: radius.lg,
    backgroundColor: colors.surface,
    borderWidth: 1,
    borderColor: colors.border,
  },
});

import { StyleSheet } from 'react-native';

import { colors, radius, spacing } from '../../theme';

/** The look every /security section shares: a card, its heading, its rows. */
export const securityStyles = StyleSheet.create({
  section: {
    gap: spacing.md,
    padding: spacing.lg,
    borderRadius: radius.lg,
    backgroundColor: colors.surface,
    borderWidth: 1,
    borderColor: colors.border,
  },
  heading: { color: colors.text, fontSize: 20, fontWeight: '700' },
  list: { gap: spacing.md },
  row: { gap: spacing.sm },
  rowText: { gap: spacing.xs },
  name: { color: colors.text, fontSize: 17, fontWeight: '600' },
  muted: { color: colors.textMuted, fontSize: 15, lineHeight: 21 },
});

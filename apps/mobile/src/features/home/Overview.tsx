import { StyleSheet, Text, View } from 'react-native';

import { colors, radius, spacing } from '../../theme';
import { formatMoney } from './money';
import type { HomeData } from './useHomeData';

const SUBSCRIPTION_LABEL: Record<HomeData['subscription']['status'], string> = {
  free: 'Free plan',
  active: 'Assetra Pro',
  grace_period: 'Assetra Pro — payment issue, update your billing',
  expired: 'Assetra Pro expired',
};

/** The user's greeting, portfolio value and subscription, as last read from the API. */
export function Overview({ data }: { data: HomeData }) {
  const { user, portfolio, subscription } = data;
  const value = formatMoney(portfolio.totalValue, portfolio.baseCurrency);
  return (
    <>
      <View style={styles.header}>
        <Text accessibilityRole="header" style={styles.title}>
          {user.displayName ? `Hello, ${user.displayName}` : 'Your Assetra'}
        </Text>
        <Text style={styles.muted}>{user.email ?? 'Email not available yet'}</Text>
      </View>
      <View style={styles.card} accessible accessibilityLabel={`Portfolio value ${value}`}>
        <Text style={styles.muted}>Portfolio value</Text>
        <Text style={styles.amount} testID="portfolio-value">
          {value}
        </Text>
        <Text style={styles.muted}>
          {portfolio.lastCalculatedAt
            ? `Updated ${new Date(portfolio.lastCalculatedAt).toLocaleString()}`
            : 'No holdings yet'}
        </Text>
      </View>
      <View style={styles.card}>
        <Text style={styles.muted}>Subscription</Text>
        <Text style={styles.value}>{SUBSCRIPTION_LABEL[subscription.status]}</Text>
        {subscription.expiresAt ? (
          <Text style={styles.muted}>
            Renews or ends {new Date(subscription.expiresAt).toLocaleDateString()}
          </Text>
        ) : null}
      </View>
    </>
  );
}

const cardStyle = {
  gap: spacing.xs,
  padding: spacing.lg,
  borderRadius: radius.lg,
  backgroundColor: colors.surface,
  borderWidth: 1,
  borderColor: colors.border,
} as const;

const styles = StyleSheet.create({
  header: { gap: spacing.xs },
  title: { color: colors.text, fontSize: 28, fontWeight: '700' },
  muted: { color: colors.textMuted, fontSize: 15 },
  card: cardStyle,
  amount: { color: colors.text, fontSize: 34, fontWeight: '700', fontVariant: ['tabular-nums'] },
  value: { color: colors.text, fontSize: 18, fontWeight: '600' },
});

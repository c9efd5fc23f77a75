import { useState } from 'react';
import { ActivityIndicator, StyleSheet, Text, View } from 'react-native';

import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { Screen } from '../../components/Screen';
import { colors, radius, spacing } from '../../theme';
import { useSignOut } from '../session/useSignOut';
import { DeleteAccountSection } from './DeleteAccountSection';
import { formatMoney } from './money';
import { useHomeData, type HomeData } from './useHomeData';

const SUBSCRIPTION_LABEL: Record<HomeData['subscription']['status'], string> = {
  free: 'Free plan',
  active: 'Assetra Pro',
  grace_period: 'Assetra Pro — payment issue, update your billing',
  expired: 'Assetra Pro expired',
};

function Overview({ data }: { data: HomeData }) {
  const { user, portfolio, subscription } = data;
  return (
    <>
      <View style={styles.header}>
        <Text accessibilityRole="header" style={styles.title}>
          {user.displayName ? `Hello, ${user.displayName}` : 'Your Assetra'}
        </Text>
        <Text style={styles.muted}>{user.email ?? 'Email not available yet'}</Text>
      </View>
      <View
        style={styles.card}
        accessible
        accessibilityLabel={`Portfolio value ${formatMoney(portfolio.totalValue, portfolio.baseCurrency)}`}
      >
        <Text style={styles.muted}>Portfolio value</Text>
        <Text style={styles.amount}>
          {formatMoney(portfolio.totalValue, portfolio.baseCurrency)}
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

/** Home: the user and portfolio from the API, subscription status, sign out, delete account. */
export function HomeScreen() {
  const { state, reload } = useHomeData();
  const signOut = useSignOut();
  const [signingOut, setSigningOut] = useState(false);

  return (
    <Screen>
      {state.status === 'loading' ? (
        <View style={styles.loading} accessible accessibilityLabel="Loading your portfolio">
          <ActivityIndicator color={colors.accent} />
        </View>
      ) : state.status === 'error' ? (
        <>
          <Notice tone={state.offline ? 'offline' : 'error'} message={state.message} />
          <Button label="Try again" onPress={reload} />
        </>
      ) : (
        <Overview data={state.data} />
      )}
      <View style={styles.actions}>
        <Button
          label="Sign out"
          variant="secondary"
          loading={signingOut}
          onPress={() => {
            setSigningOut(true);
            void signOut().finally(() => setSigningOut(false));
          }}
        />
        <DeleteAccountSection />
      </View>
    </Screen>
  );
}

const styles = StyleSheet.create({
  header: { gap: spacing.xs },
  title: { color: colors.text, fontSize: 28, fontWeight: '700' },
  muted: { color: colors.textMuted, fontSize: 15 },
  card: {
    gap: spacing.xs,
    padding: spacing.lg,
    borderRadius: radius.lg,
    backgroundColor: colors.surface,
    borderWidth: 1,
    borderColor: colors.border,
  },
  amount: { color: colors.text, fontSize: 34, fontWeight: '700', fontVariant: ['tabular-nums'] },
  value: { color: colors.text, fontSize: 18, fontWeight: '600' },
  loading: { paddingVertical: spacing.xl },
  actions: { gap: spacing.md, marginTop: spacing.lg },
});

import type { ReactNode } from 'react';
import { ActivityIndicator, StyleSheet, Text, View } from 'react-native';

import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { Screen } from '../../components/Screen';
import { describeApiError } from '../../services/apiErrors';
import { unreachableReason, useIsOnline } from '../../services/reachability';
import { colors, spacing } from '../../theme';
import { useBootstrap } from './useBootstrap';
import { useSignOut } from './useSignOut';

/** Exact copy, exported for tests and the end-to-end steps. */
export const SIGNED_IN_UNREACHABLE = {
  title: "You're signed in — Assetra can't be reached",
  offline: "You're offline. Check your internet connection, then try again.",
  unavailable: 'Assetra is unavailable right now. Your sign-in is kept: try again in a moment.',
  refused: "You're signed in, but Assetra couldn't open your account",
} as const;

/**
 * Between a Clerk session and the app: the Assetra user is provisioned first. When the API
 * cannot be reached the user stays signed in, is told whether it is their network or Assetra,
 * and can try again or sign out — never sent back to a sign-in form.
 */
export function BootstrapGate({ children }: { children: ReactNode }) {
  const bootstrap = useBootstrap();
  const online = useIsOnline();
  const signOut = useSignOut();

  if (bootstrap.isSuccess) return <>{children}</>;

  const paused = bootstrap.isPending && bootstrap.fetchStatus === 'paused';
  if (bootstrap.isPending && !paused) {
    return (
      <View style={styles.loading} accessible accessibilityLabel="Setting up your account">
        <ActivityIndicator color={colors.accent} />
        <Text style={styles.muted}>Setting up your account…</Text>
      </View>
    );
  }

  const reason = paused ? 'offline' : unreachableReason(bootstrap.error, online);
  return (
    <Screen>
      <View style={styles.panel} testID="signed-in-unreachable">
        <Text accessibilityRole="header" style={styles.title}>
          {reason === null ? SIGNED_IN_UNREACHABLE.refused : SIGNED_IN_UNREACHABLE.title}
        </Text>
        <Notice
          tone={reason === 'offline' ? 'offline' : 'error'}
          message={
            reason === null ? describeApiError(bootstrap.error) : SIGNED_IN_UNREACHABLE[reason]
          }
        />
        <Button
          label="Try again"
          loading={bootstrap.isFetching}
          onPress={() => void bootstrap.refetch()}
        />
        <Button label="Sign out" variant="secondary" onPress={() => void signOut()} />
      </View>
    </Screen>
  );
}

const styles = StyleSheet.create({
  loading: {
    flex: 1,
    alignItems: 'center',
    justifyContent: 'center',
    gap: spacing.md,
    backgroundColor: colors.background,
  },
  panel: { gap: spacing.md },
  title: { color: colors.text, fontSize: 26, fontWeight: '700' },
  muted: { color: colors.textMuted, fontSize: 15 },
});

import { router } from 'expo-router';
import { useState } from 'react';
import { RefreshControl, ScrollView, StyleSheet, View } from 'react-native';
import { SafeAreaView } from 'react-native-safe-area-context';

import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { SkeletonCard } from '../../components/Skeleton';
import { describeApiError } from '../../services/apiErrors';
import { unreachableReason, useIsOnline } from '../../services/reachability';
import { colors, spacing } from '../../theme';
import { PasskeyOffer } from '../security/PasskeyOffer';
import { NotificationsCard } from '../session/NotificationsCard';
import { useSignOut } from '../session/useSignOut';
import { DeleteAccountSection } from './DeleteAccountSection';
import { Overview } from './Overview';
import { useHomeData } from './useHomeData';

const LOAD_FAILED = {
  offline: "You're offline. Check your connection and try again.",
  unavailable: 'Assetra is unavailable right now. Try again in a moment.',
} as const;

/** Exact copy of the quiet notice over last known values, exported for tests. */
export const REFRESH_FAILED = "Couldn't refresh — showing your last known values.";

/** Home: portfolio and subscription (cached, pull to refresh), offers, sign out, delete account. */
export function HomeScreen() {
  const home = useHomeData();
  const online = useIsOnline();
  const signOut = useSignOut();
  const [signingOut, setSigningOut] = useState(false);
  const [pulled, setPulled] = useState(false);

  const refresh = () => {
    setPulled(true);
    void home.refetch().finally(() => setPulled(false));
  };
  const reason = home.isPaused ? 'offline' : unreachableReason(home.error, online);

  return (
    <SafeAreaView style={styles.safe}>
      <ScrollView
        contentContainerStyle={styles.content}
        refreshControl={
          <RefreshControl refreshing={pulled} onRefresh={refresh} tintColor={colors.accent} />
        }
      >
        {home.data ? (
          <>
            {home.isError || (home.isPaused && pulled) ? (
              <Notice tone="info" message={REFRESH_FAILED} />
            ) : null}
            <Overview data={home.data} />
          </>
        ) : home.isError || home.isPaused ? (
          <>
            <Notice
              tone={reason === 'offline' ? 'offline' : 'error'}
              message={reason === null ? describeApiError(home.error) : LOAD_FAILED[reason]}
            />
            <Button label="Try again" loading={home.isFetching} onPress={refresh} />
          </>
        ) : (
          <>
            <SkeletonCard label="Loading your portfolio" lines={3} />
            <SkeletonCard label="Loading your subscription" />
          </>
        )}
        <PasskeyOffer />
        <NotificationsCard />
        <View style={styles.actions}>
          <Button label="Security" variant="secondary" onPress={() => router.push('/security')} />
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
      </ScrollView>
    </SafeAreaView>
  );
}

const styles = StyleSheet.create({
  safe: { flex: 1, backgroundColor: colors.background },
  content: { flexGrow: 1, padding: spacing.lg, gap: spacing.md },
  actions: { gap: spacing.md, marginTop: spacing.lg },
});

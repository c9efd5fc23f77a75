import { Text, View } from 'react-native';

import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { SkeletonCard } from '../../components/Skeleton';
import { useIsOnline } from '../../services/reachability';
import { loadFailure } from './loadFailure';
import { securityStyles as styles } from './securityStyles';
import { describeEvent } from './securityWords';
import { useSecurityEvents } from './useSecurityCenter';

/** Exact copy, exported for tests and the end-to-end steps. */
export const ACTIVITY_COPY = {
  heading: 'Recent activity',
  unavailable: "Can't load your recent activity right now",
  empty: 'Nothing yet.',
} as const;

/** "Recent activity": the account's security events, newest first, a page at a time. */
export function RecentActivity() {
  const events = useSecurityEvents();
  const online = useIsOnline();
  const list = events.data?.pages.flatMap((page) => page.events) ?? [];

  return (
    <View style={styles.section} testID="recent-activity">
      <Text accessibilityRole="header" style={styles.heading}>
        {ACTIVITY_COPY.heading}
      </Text>
      {events.isError && !events.isFetchNextPageError ? (
        <Notice
          tone="error"
          message={loadFailure(events.error, online, ACTIVITY_COPY.unavailable)}
        />
      ) : null}
      {events.isPending ? <SkeletonCard label="Loading your activity" /> : null}
      {events.isSuccess && list.length === 0 ? (
        <Text style={styles.muted}>{ACTIVITY_COPY.empty}</Text>
      ) : null}
      <View accessibilityRole="list" style={styles.list}>
        {list.map((event) => (
          <Text key={event.id} style={styles.muted}>
            {describeEvent(event)}
          </Text>
        ))}
      </View>
      {events.isFetchNextPageError ? (
        <Notice
          tone="error"
          message={loadFailure(events.error, online, ACTIVITY_COPY.unavailable)}
        />
      ) : null}
      {events.isError && !events.data ? (
        <Button
          label="Try again"
          variant="secondary"
          loading={events.isFetching}
          onPress={() => void events.refetch()}
        />
      ) : events.hasNextPage ? (
        <Button
          label="Show more"
          variant="secondary"
          loading={events.isFetchingNextPage}
          onPress={() => void events.fetchNextPage()}
        />
      ) : null}
    </View>
  );
}

import { useState } from 'react';
import { Text, View } from 'react-native';

import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { Sheet } from '../../components/Sheet';
import { SkeletonCard } from '../../components/Skeleton';
import { useIsOnline } from '../../services/reachability';
import { loadFailure } from './loadFailure';
import { securityStyles as styles } from './securityStyles';
import { describeSession, deviceName, otherDevicesSignedOut } from './securityWords';
import { useSessionActions, useSessions } from './useSecurityCenter';

/** Exact copy, exported for tests and the end-to-end steps. */
export const DEVICES_COPY = {
  heading: "Where you're signed in",
  unavailable: "Can't load your devices right now",
  thisDevice: 'This device',
  signOutFailed: "Couldn't sign that device out. Try again.",
  othersFailed: "Couldn't sign out your other devices. Try again.",
  confirmTitle: 'Sign out of all other devices?',
  confirmBody:
    'Every other phone, tablet and browser signed in to your account is signed out. This device stays signed in.',
} as const;

/** "Where you're signed in": each session, this device marked, one or all others signed out. */
export function SignedInDevices() {
  const sessions = useSessions();
  const online = useIsOnline();
  const { signOutOne, signOutOthers } = useSessionActions();
  const [confirming, setConfirming] = useState(false);
  const list = sessions.data?.sessions ?? [];
  const others = list.filter((session) => !session.current);

  const confirmOthers = () =>
    signOutOthers.mutate(undefined, { onSettled: () => setConfirming(false) });

  return (
    <View style={styles.section} testID="signed-in-devices">
      <Text accessibilityRole="header" style={styles.heading}>
        {DEVICES_COPY.heading}
      </Text>
      {sessions.isError && !sessions.data ? (
        <>
          <Notice
            tone="error"
            message={loadFailure(sessions.error, online, DEVICES_COPY.unavailable)}
          />
          <Button
            label="Try again"
            variant="secondary"
            loading={sessions.isFetching}
            onPress={() => void sessions.refetch()}
          />
        </>
      ) : sessions.isPending ? (
        <SkeletonCard label="Loading your devices" />
      ) : null}
      {signOutOne.isError ? <Notice tone="error" message={DEVICES_COPY.signOutFailed} /> : null}
      {signOutOthers.isError ? <Notice tone="error" message={DEVICES_COPY.othersFailed} /> : null}
      {signOutOthers.isSuccess ? (
        <Notice tone="info" message={otherDevicesSignedOut(signOutOthers.data.revoked)} />
      ) : null}
      <View accessibilityRole="list" style={styles.list}>
        {list.map((session) => (
          <View key={session.id} style={styles.row} testID={`session-${session.id}`}>
            <View style={styles.rowText}>
              <Text style={styles.name}>
                {session.device.type ?? session.device.browser ?? 'Unknown device'}
                {session.current ? ` · ${DEVICES_COPY.thisDevice}` : ''}
              </Text>
              <Text style={styles.muted}>{describeSession(session)}</Text>
            </View>
            {session.current ? null : (
              <Button
                label="Sign out"
                accessibilityLabel={`Sign out ${deviceName(session.device)}`}
                variant="secondary"
                loading={signOutOne.isPending && signOutOne.variables === session.id}
                onPress={() => signOutOne.mutate(session.id)}
              />
            )}
          </View>
        ))}
      </View>
      {others.length > 0 ? (
        <Button
          label="Sign out of all other devices"
          variant="danger"
          onPress={() => setConfirming(true)}
        />
      ) : null}
      <Sheet
        visible={confirming}
        title={DEVICES_COPY.confirmTitle}
        onDismiss={signOutOthers.isPending ? undefined : () => setConfirming(false)}
        testID="sign-out-others-sheet"
      >
        <Text style={styles.muted}>{DEVICES_COPY.confirmBody}</Text>
        <Button
          label="Sign out other devices"
          variant="destructive"
          loading={signOutOthers.isPending}
          onPress={confirmOthers}
        />
        <Button
          label="Cancel"
          variant="secondary"
          disabled={signOutOthers.isPending}
          onPress={() => setConfirming(false)}
        />
      </Sheet>
    </View>
  );
}

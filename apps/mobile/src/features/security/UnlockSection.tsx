import { useEffect, useState } from 'react';
import { Platform, StyleSheet, Text, View } from 'react-native';

import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { colors, spacing } from '../../theme';
import { canEnrolUnlockKey, enrolUnlockKey, hasUnlockKey } from '../lock/deviceOwnerAuth';

type State = 'checking' | 'on' | 'off' | 'unavailable' | 'enrolling' | 'cancelled' | 'failed';

const STATUS: Record<Exclude<State, 'checking' | 'enrolling'>, string> = {
  on: 'On: Assetra asks for your fingerprint or face when you come back.',
  off: 'Not set up: Assetra asks for your device passcode instead.',
  unavailable: 'This device has no fingerprint or face set up; Assetra uses your device passcode.',
  cancelled: 'Set-up was cancelled. You can try again.',
  failed: "Unlock couldn't be set up. Try again.",
};

/** Biometric unlock: whether its key is bound on this device, and setting it up again. */
export function UnlockSection() {
  const [state, setState] = useState<State>('checking');

  useEffect(() => {
    let active = true;
    const known: Promise<State> = canEnrolUnlockKey()
      ? hasUnlockKey().then((has) => (has ? 'on' : 'off'))
      : Promise.resolve('unavailable');
    void known.then((next) => {
      if (active) setState(next);
    });
    return () => {
      active = false;
    };
  }, []);

  if (Platform.OS !== 'ios' && Platform.OS !== 'android') return null;
  const enrol = async () => {
    setState('enrolling');
    const outcome = await enrolUnlockKey();
    setState(outcome === 'enrolled' ? 'on' : outcome === 'unavailable' ? 'unavailable' : outcome);
  };
  const canSetUp = state === 'off' || state === 'cancelled' || state === 'failed';
  return (
    <View style={styles.section}>
      <Text accessibilityRole="header" style={styles.heading}>
        App lock
      </Text>
      {state === 'checking' || state === 'enrolling' ? null : (
        <Notice tone={state === 'failed' ? 'error' : 'info'} message={STATUS[state]} />
      )}
      {canSetUp || state === 'enrolling' ? (
        <Button
          label={state === 'off' ? 'Set up unlock' : 'Try again'}
          loading={state === 'enrolling'}
          onPress={() => void enrol()}
        />
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  section: { gap: spacing.md },
  heading: { color: colors.text, fontSize: 20, fontWeight: '700' },
});

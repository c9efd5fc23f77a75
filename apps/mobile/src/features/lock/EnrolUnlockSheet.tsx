import { StyleSheet, Text } from 'react-native';

import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { Sheet } from '../../components/Sheet';
import { colors } from '../../theme';
import type { EnrolmentStep } from './useUnlockEnrolment';

type Props = { step: EnrolmentStep; onEnrol: () => void; onDismiss: () => void };

/** The one-line why before Android's biometric prompt, and a retry after a cancel. */
export function EnrolUnlockSheet({ step, onEnrol, onDismiss }: Props) {
  const retry = step === 'cancelled' || step === 'failed';
  return (
    <Sheet
      visible={step !== 'hidden'}
      title="Unlock with your fingerprint or face"
      onDismiss={step === 'enrolling' ? undefined : onDismiss}
      testID="enrol-unlock-sheet"
    >
      <Text style={styles.body}>
        Assetra asks for it when you come back to the app. Confirm once now to set it up.
      </Text>
      {step === 'cancelled' ? (
        <Notice tone="info" message="Set-up was cancelled. You can try again now or later." />
      ) : null}
      {step === 'failed' ? (
        <Notice tone="error" message="Unlock couldn't be set up. Try again." />
      ) : null}
      <Button
        label={retry ? 'Try again' : 'Set up unlock'}
        loading={step === 'enrolling'}
        onPress={onEnrol}
      />
      <Button
        label="Not now"
        variant="secondary"
        disabled={step === 'enrolling'}
        onPress={onDismiss}
      />
    </Sheet>
  );
}

const styles = StyleSheet.create({
  body: { color: colors.textMuted, fontSize: 16, lineHeight: 22 },
});

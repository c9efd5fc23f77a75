import { useCallback, useEffect, useRef, useState } from 'react';
import { Platform } from 'react-native';

import {
  canEnrolUnlockKey,
  enrolUnlockKey,
  hasUnlockKey,
  type EnrolOutcome,
} from './deviceOwnerAuth';

export type EnrolmentStep = 'hidden' | 'offer' | 'enrolling' | 'cancelled' | 'failed';

/**
 * Binds biometric unlock once the app is unlocked without a key: right after a sign-in, or
 * after an unlock through the OS prompt because set-up never finished. Android's Keystore
 * prompts to create the key, so there the user is told why first and can retry a cancel; iOS
 * creates it without a prompt, silently, and only shows the sheet if that failed.
 */
export function useUnlockEnrolment(active: boolean) {
  const [step, setStep] = useState<EnrolmentStep>('hidden');
  const checked = useRef(false);

  const enrol = useCallback(async () => {
    setStep('enrolling');
    const outcome: EnrolOutcome = await enrolUnlockKey();
    setStep(outcome === 'cancelled' || outcome === 'failed' ? outcome : 'hidden');
  }, []);

  useEffect(() => {
    if (!active || checked.current) return;
    checked.current = true;
    void (async () => {
      if (!canEnrolUnlockKey() || (await hasUnlockKey())) return;
      if (Platform.OS === 'android') setStep('offer');
      else await enrol();
    })();
  }, [active, enrol]);

  return { step, enrol: () => void enrol(), dismiss: () => setStep('hidden') };
}

import { useSession } from '@clerk/expo';
import { useState } from 'react';
import { Platform, StyleSheet, Text, View } from 'react-native';

import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { TextField } from '../../components/TextField';
import { colors, spacing } from '../../theme';
import { classifyAuthError, problemMessage } from '../auth/authErrors';
import type { ReverificationRequest } from './useDeleteAccount';

type Busy = 'passkey' | 'send' | 'verify' | null;

/**
 * Clerk's reverification for native apps, which have no prebuilt modal: prove the first factor
 * again with a passkey or an emailed code, then Clerk retries the original request.
 */
export function ReverificationPanel({ request }: { request: ReverificationRequest }) {
  const { session } = useSession();
  const [busy, setBusy] = useState<Busy>(null);
  /** Where the code went, as Clerk masks it (`a***@example.com`); null until one is sent. */
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  const attempt = async (name: Exclude<Busy, null>, step: () => Promise<void>) => {
    setBusy(name);
    setMessage(null);
    try {
      await step();
    } catch (error) {
      setMessage(problemMessage(classifyAuthError(error)));
    } finally {
      setBusy(null);
    }
  };

  const finishIf = (status: string) => {
    if (status === 'complete') request.complete();
    else setMessage('Clerk needs another verification step. Try again later.');
  };

  const withPasskey = () =>
    attempt('passkey', async () => {
      if (!session) return;
      finishIf((await session.verifyWithPasskey()).status);
    });

  const sendCode = () =>
    attempt('send', async () => {
      if (!session) return;
      const verification = await session.startVerification({ level: 'first_factor' });
      const factor = verification.supportedFirstFactors?.find((f) => f.strategy === 'email_code');
      if (factor?.strategy !== 'email_code') {
        setMessage('This account has no email address to send a code to.');
        return;
      }
      await session.prepareFirstFactorVerification({
        strategy: 'email_code',
        emailAddressId: factor.emailAddressId,
      });
      setSentTo(factor.safeIdentifier);
    });

  const verifyCode = () =>
    attempt('verify', async () => {
      if (!session) return;
      const result = await session.attemptFirstFactorVerification({
        strategy: 'email_code',
        code: code.trim(),
      });
      finishIf(result.status);
    });

  return (
    <View style={styles.panel}>
      <Text style={styles.body}>Deleting your account needs a recent sign-in.</Text>
      {message ? <Notice tone="error" message={message} /> : null}
      {Platform.OS !== 'web' ? (
        <Button
          label="Verify with a passkey"
          variant="secondary"
          loading={busy === 'passkey'}
          disabled={busy !== null}
          onPress={() => void withPasskey()}
        />
      ) : null}
      {sentTo !== null ? (
        <>
          <Text style={styles.body} accessibilityLiveRegion="polite">
            Code sent to {sentTo}.
          </Text>
          <TextField
            label="6-digit code"
            value={code}
            onChangeText={setCode}
            keyboardType="number-pad"
            textContentType="oneTimeCode"
            autoComplete="one-time-code"
            maxLength={6}
          />
          <Button
            label="Confirm code"
            loading={busy === 'verify'}
            disabled={busy !== null}
            onPress={() => void verifyCode()}
          />
          <Button
            label="Resend code"
            variant="secondary"
            loading={busy === 'send'}
            disabled={busy !== null}
            onPress={() => void sendCode()}
          />
        </>
      ) : (
        <Button
          label="Email me a code"
          variant="secondary"
          loading={busy === 'send'}
          disabled={busy !== null}
          onPress={() => void sendCode()}
        />
      )}
      <Button
        label="Cancel"
        variant="secondary"
        disabled={busy !== null}
        onPress={request.cancel}
      />
    </View>
  );
}

const styles = StyleSheet.create({
  panel: { gap: spacing.md },
  body: { color: colors.textMuted, fontSize: 15, lineHeight: 21 },
});

import { useAuth } from '@clerk/expo';
import { Redirect, router, useLocalSearchParams } from 'expo-router';
import { ActivityIndicator, StyleSheet, Text, View } from 'react-native';

import { Button } from '../../../components/Button';
import { LogoMark } from '../../../components/LogoMark';
import { Notice } from '../../../components/Notice';
import { Screen } from '../../../components/Screen';
import { Splash } from '../../../components/Splash';
import { colors, spacing } from '../../../theme';
import { describeLinkState } from './linkStateCopy';
import { useRedeemEmailLink } from './useRedeemEmailLink';

/** `assetra://auth/email-link?token=…` and `https://assetra.app/auth/email-link?token=…` land here. */
export function EmailLinkScreen() {
  const { isLoaded, isSignedIn } = useAuth();
  const params = useLocalSearchParams<{ token?: string | string[] }>();
  const token = typeof params.token === 'string' && params.token.length > 0 ? params.token : null;
  const link = useRedeemEmailLink(token, isLoaded && !isSignedIn);
  const { state } = link;

  // Already signed in when the link was opened: nothing to redeem. (Our own sign-in is past
  // 'checking' by the time Clerk reports the session, and navigates itself.)
  if (isSignedIn && (state.step === 'checking' || state.step === 'missing-token')) {
    return <Redirect href="/home" />;
  }
  if (!isLoaded) return <Splash />;

  const view = describeLinkState(state);
  const toSignIn = (withEmail: boolean) =>
    router.replace(
      withEmail && link.email !== null
        ? { pathname: '/sign-in', params: { email: link.email } }
        : '/sign-in',
    );

  return (
    <Screen>
      <LogoMark />
      {view.kind === 'progress' ? (
        <View style={styles.progress} accessible accessibilityLiveRegion="polite">
          <ActivityIndicator color={colors.accent} size="large" />
          <Text style={styles.progressText}>{view.message}</Text>
        </View>
      ) : (
        <>
          <Text accessibilityRole="header" style={styles.title}>
            {view.title}
          </Text>
          <Notice tone={view.tone} message={view.body} />
          <View style={styles.actions}>
            {view.actions.map((action) => {
              switch (action) {
                case 'retry':
                  return <Button key={action} label="Try again" onPress={link.retry} />;
                case 'new-link':
                  return (
                    <Button
                      key={action}
                      label="Request a new link"
                      onPress={() => toSignIn(true)}
                    />
                  );
                case 'code':
                  return (
                    <Button
                      key={action}
                      label="Use a code instead"
                      onPress={() => toSignIn(true)}
                    />
                  );
                case 'sign-in':
                  return (
                    <Button
                      key={action}
                      label="Back to sign-in"
                      variant="secondary"
                      onPress={() => toSignIn(false)}
                    />
                  );
              }
            })}
          </View>
        </>
      )}
    </Screen>
  );
}

const styles = StyleSheet.create({
  progress: { alignItems: 'center', gap: spacing.lg },
  progressText: { color: colors.text, fontSize: 18, textAlign: 'center' },
  title: { color: colors.text, fontSize: 28, fontWeight: '700' },
  actions: { gap: spacing.md },
});

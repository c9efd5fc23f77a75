import { useAuth } from '@clerk/expo';
import { Link, Redirect, useLocalSearchParams } from 'expo-router';
import { StyleSheet, Text, View } from 'react-native';

import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { Screen } from '../../components/Screen';
import { colors, spacing } from '../../theme';
import { SessionEndNotice } from '../session/SessionEndNotice';
import { problemMessage } from './authErrors';
import { EmailSection } from './EmailSection';
import { useAuthFlows, type AuthMode } from './useAuthFlows';

const COPY: Record<
  AuthMode,
  {
    title: string;
    subtitle: string;
    switchText: string;
    switchHref: '/sign-up' | '/sign-in';
    switchLabel: string;
  }
> = {
  'sign-in': {
    title: 'Sign in to Assetra',
    subtitle: 'Your portfolio, protected by your device.',
    switchText: 'New to Assetra?',
    switchHref: '/sign-up',
    switchLabel: 'Create an account',
  },
  'sign-up': {
    title: 'Create your Assetra account',
    subtitle: 'No password to remember: use Apple, Google or your email.',
    switchText: 'Already have an account?',
    switchHref: '/sign-in',
    switchLabel: 'Sign in',
  },
};

/** Sign-in and sign-up share one screen: same methods, Clerk decides sign-in vs. sign-up for SSO. */
export function AuthScreen({ mode }: { mode: AuthMode }) {
  const { isLoaded, isSignedIn } = useAuth();
  const flows = useAuthFlows(mode);
  const { email } = useLocalSearchParams<{ email?: string }>();
  const copy = COPY[mode];
  const disabled = flows.busy !== null || !isLoaded;

  // A restored session skips this screen; a sign-in in progress finishes its bootstrap first.
  if (isSignedIn && flows.busy === null && flows.problem === null) return <Redirect href="/home" />;

  return (
    <Screen>
      <View style={styles.header}>
        <Text accessibilityRole="header" style={styles.title}>
          {copy.title}
        </Text>
        <Text style={styles.subtitle}>{copy.subtitle}</Text>
      </View>
      <SessionEndNotice />

      {flows.busy === 'finishing' ? (
        <Notice tone="info" message="Setting up your account…" />
      ) : null}
      {flows.problem ? (
        <Notice
          tone={
            flows.problem.kind === 'offline'
              ? 'offline'
              : flows.problem.kind === 'error'
                ? 'error'
                : 'info'
          }
          message={problemMessage(flows.problem)}
        />
      ) : null}
      {isSignedIn && flows.problem ? (
        <Button label="Try again" onPress={flows.finish} loading={flows.busy === 'finishing'} />
      ) : null}

      <View style={styles.methods}>
        <Button
          label={mode === 'sign-in' ? 'Sign in with Apple' : 'Sign up with Apple'}
          variant="apple"
          loading={flows.busy === 'apple'}
          disabled={disabled}
          onPress={flows.apple}
        />
        <Button
          label="Continue with Google"
          variant="secondary"
          loading={flows.busy === 'google'}
          disabled={disabled}
          onPress={flows.google}
        />
        <Button
          label="Sign in with a passkey"
          accessibilityHint={
            mode === 'sign-up' ? 'For accounts that already have a passkey' : undefined
          }
          variant="secondary"
          loading={flows.busy === 'passkey'}
          disabled={disabled}
          onPress={flows.passkey}
        />
      </View>

      <Text style={styles.divider}>or use your email</Text>
      <EmailSection
        flows={flows}
        disabled={disabled}
        initialEmail={typeof email === 'string' ? email : undefined}
      />

      <View style={styles.footer}>
        <Text style={styles.muted}>{copy.switchText}</Text>
        <Link href={copy.switchHref} replace accessibilityRole="link" style={styles.link}>
          {copy.switchLabel}
        </Link>
      </View>
    </Screen>
  );
}

const styles = StyleSheet.create({
  header: { gap: spacing.sm, marginBottom: spacing.md },
  title: { color: colors.text, fontSize: 30, fontWeight: '700' },
  subtitle: { color: colors.textMuted, fontSize: 16, lineHeight: 22 },
  methods: { gap: spacing.md },
  divider: { color: colors.textMuted, textAlign: 'center', marginVertical: spacing.sm },
  footer: {
    flexDirection: 'row',
    justifyContent: 'center',
    gap: spacing.xs,
    marginTop: spacing.md,
  },
  muted: { color: colors.textMuted, fontSize: 15 },
  link: { color: colors.accent, fontSize: 15, fontWeight: '600' },
});

import { useAuth } from '@clerk/expo';
import { Link, Redirect, useLocalSearchParams } from 'expo-router';
import { StyleSheet, Text, View } from 'react-native';

import { LogoMark } from '../../components/LogoMark';
import { Screen } from '../../components/Screen';
import { colors, spacing } from '../../theme';
import { SessionEndNotice } from '../session/SessionEndNotice';
import { AUTH_COPY } from './authCopy';
import { EmailSection } from './EmailSection';
import { MethodButtons } from './MethodButtons';
import { useAuthFlows, type AuthMode } from './useAuthFlows';

/** Sign-in and sign-up share one screen: same methods, Clerk decides sign-in vs. sign-up for SSO. */
export function AuthScreen({ mode }: { mode: AuthMode }) {
  const { isLoaded, isSignedIn } = useAuth();
  const flows = useAuthFlows(mode);
  const { email } = useLocalSearchParams<{ email?: string }>();
  const copy = AUTH_COPY[mode];
  const disabled = flows.busy !== null || !isLoaded;

  // A restored session skips this screen; a sign-in in progress finishes its bootstrap first.
  if (isSignedIn && flows.busy === null && flows.problem === null) return <Redirect href="/home" />;

  return (
    <Screen>
      <View style={styles.header}>
        <LogoMark />
        <Text accessibilityRole="header" style={styles.title}>
          {copy.title}
        </Text>
        <Text style={styles.subtitle}>{copy.subtitle}</Text>
      </View>
      <SessionEndNotice />

      <MethodButtons mode={mode} flows={flows} disabled={disabled} signedIn={isSignedIn === true} />

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
  header: { gap: spacing.sm, marginBottom: spacing.sm },
  title: { color: colors.text, fontSize: 30, fontWeight: '700', marginTop: spacing.sm },
  subtitle: { color: colors.textMuted, fontSize: 16, lineHeight: 22 },
  divider: { color: colors.textMuted, textAlign: 'center' },
  footer: {
    flexDirection: 'row',
    justifyContent: 'center',
    gap: spacing.xs,
    marginTop: spacing.sm,
  },
  muted: { color: colors.textMuted, fontSize: 15 },
  link: { color: colors.accent, fontSize: 15, fontWeight: '600' },
});

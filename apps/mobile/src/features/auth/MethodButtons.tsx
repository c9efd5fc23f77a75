import { StyleSheet, Text, View } from 'react-native';

import { Button } from '../../components/Button';
import { colors, MESSAGE_LINE, spacing } from '../../theme';
import { problemMessage, type FlowProblem } from './authErrors';
import { passkeySupport } from './passkeySupport';
import { AppleSignInButton, GoogleSignInButton } from './ProviderButtons';
import type { AuthMode, FlowName, useAuthFlows } from './useAuthFlows';

type Props = {
  mode: AuthMode;
  flows: ReturnType<typeof useAuthFlows>;
  disabled: boolean;
};

/** Problems of the email flows are shown at their field (EmailSection); these ones here. */
const SHOWN_AT_FIELD: ReadonlySet<FlowName> = new Set(['link', 'email', 'code']);

function toneColor(problem: FlowProblem): string {
  if (problem.kind === 'offline') return colors.warning;
  return problem.kind === 'error' ? colors.danger : colors.textMuted;
}

/**
 * Apple, Google and passkey, then one line kept free for their outcome ("cancelled", offline,
 * Clerk's message): it fills in without moving the email form below.
 */
export function MethodButtons({ mode, flows, disabled }: Props) {
  const passkey = passkeySupport();
  const problem =
    flows.problem !== null && (flows.problemFlow === null || !SHOWN_AT_FIELD.has(flows.problemFlow))
      ? flows.problem
      : null;
  const status = problem ? { text: problemMessage(problem), color: toneColor(problem) } : null;

  return (
    <View style={styles.methods}>
      <AppleSignInButton
        mode={mode}
        loading={flows.busy === 'apple'}
        disabled={disabled}
        onPress={flows.apple}
      />
      <GoogleSignInButton
        mode={mode}
        loading={flows.busy === 'google'}
        disabled={disabled}
        onPress={flows.google}
      />
      {passkey.available ? (
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
      ) : (
        <Text style={styles.explain}>{passkey.explanation}</Text>
      )}
      <View style={styles.statusSlot}>
        {status ? (
          <Text
            style={[styles.status, { color: status.color }]}
            accessibilityRole="alert"
            accessibilityLiveRegion="polite"
          >
            {status.text}
          </Text>
        ) : null}
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  methods: { gap: spacing.md },
  explain: { color: colors.textMuted, fontSize: 14, lineHeight: 20, textAlign: 'center' },
  statusSlot: { minHeight: MESSAGE_LINE },
  status: { fontSize: 15, lineHeight: MESSAGE_LINE, textAlign: 'center' },
});

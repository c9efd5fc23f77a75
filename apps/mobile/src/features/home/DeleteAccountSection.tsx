import { StyleSheet, Text, View } from 'react-native';

import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { colors, spacing } from '../../theme';
import { ReverificationPanel } from './ReverificationPanel';
import { useDeleteAccount } from './useDeleteAccount';

/** Delete account, behind an explicit confirmation that names what is lost. */
export function DeleteAccountSection() {
  const deletion = useDeleteAccount();

  if (deletion.reverification) return <ReverificationPanel request={deletion.reverification} />;

  if (deletion.phase === 'idle') {
    return <Button label="Delete account" variant="danger" onPress={deletion.start} />;
  }

  return (
    <View style={styles.confirm} accessibilityViewIsModal>
      <Text accessibilityRole="header" style={styles.title}>
        Delete your Assetra account?
      </Text>
      <Text style={styles.body}>
        Your profile, portfolio and sign-in are deleted permanently. This cannot be undone.
      </Text>
      {deletion.error ? <Notice tone="error" message={deletion.error} /> : null}
      <Button
        label="Delete permanently"
        variant="danger"
        loading={deletion.phase === 'deleting'}
        onPress={() => void deletion.confirm()}
      />
      <Button
        label="Keep my account"
        variant="secondary"
        disabled={deletion.phase === 'deleting'}
        onPress={deletion.dismiss}
      />
    </View>
  );
}

const styles = StyleSheet.create({
  confirm: { gap: spacing.md },
  title: { color: colors.text, fontSize: 20, fontWeight: '700' },
  body: { color: colors.textMuted, fontSize: 15, lineHeight: 21 },
});

import { StyleSheet, Text } from 'react-native';

import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { Sheet } from '../../components/Sheet';
import { colors } from '../../theme';
import { ReverificationPanel } from './ReverificationPanel';
import { useDeleteAccount } from './useDeleteAccount';

/** Delete account, in a sheet: a confirmation that names what is lost, then reverification. */
export function DeleteAccountSection() {
  const deletion = useDeleteAccount();
  const open = deletion.phase !== 'idle' || deletion.reverification !== null;

  return (
    <>
      <Button label="Delete account" variant="danger" onPress={deletion.start} />
      <Sheet
        visible={open}
        title={deletion.reverification ? "Confirm it's you" : 'Delete your Assetra account?'}
        onDismiss={
          deletion.reverification
            ? deletion.reverification.cancel
            : deletion.phase === 'deleting'
              ? undefined
              : deletion.dismiss
        }
        testID="delete-account-sheet"
      >
        {deletion.reverification ? (
          <ReverificationPanel request={deletion.reverification} />
        ) : (
          <>
            <Text style={styles.body}>
              Your profile, portfolio and sign-in are deleted permanently. This cannot be undone.
            </Text>
            {deletion.notice ? (
              <Notice tone={deletion.notice.tone} message={deletion.notice.text} />
            ) : null}
            <Button
              label="Delete permanently"
              variant="destructive"
              loading={deletion.phase === 'deleting'}
              onPress={() => void deletion.confirm()}
            />
            <Button
              label="Keep my account"
              variant="secondary"
              disabled={deletion.phase === 'deleting'}
              onPress={deletion.dismiss}
            />
          </>
        )}
      </Sheet>
    </>
  );
}

const styles = StyleSheet.create({
  body: { color: colors.textMuted, fontSize: 15, lineHeight: 21 },
});

import { Stack } from 'expo-router';

import { RequireAuth } from '../../components/RequireAuth';
import { colors } from '../../theme';
import { AppLockGate } from '../lock/AppLockGate';
import { BootstrapGate } from './BootstrapGate';
import { useSignedInServices } from './useSignedInServices';
import { useSignOut } from './useSignOut';

function SignedInApp() {
  useSignedInServices();
  const signOut = useSignOut();
  return (
    <AppLockGate onSignOut={() => void signOut()}>
      <BootstrapGate>
        <Stack
          screenOptions={{
            headerShown: false,
            contentStyle: { backgroundColor: colors.background },
          }}
        />
      </BootstrapGate>
    </AppLockGate>
  );
}

/** The `(app)` group: signed in, unlocked, the Assetra user provisioned, then the screens. */
export function SignedInLayout() {
  return (
    <RequireAuth>
      <SignedInApp />
    </RequireAuth>
  );
}

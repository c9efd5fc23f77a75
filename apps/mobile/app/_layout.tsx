import { Stack } from 'expo-router';
import { StatusBar } from 'expo-status-bar';
import * as WebBrowser from 'expo-web-browser';

import { ClerkProvider } from '../src/providers/ClerkProvider';
import { QueryProvider } from '../src/providers/QueryProvider';
import { colors } from '../src/theme';

// Expo Router renders this instead of the layout when anything below it throws while rendering.
export { RootErrorBoundary as ErrorBoundary } from '../src/features/errors/RootErrorBoundary';

// Completes an SSO popup on web; a no-op on native.
WebBrowser.maybeCompleteAuthSession();

export default function RootLayout() {
  return (
    <ClerkProvider>
      <QueryProvider>
        <StatusBar style="light" />
        <Stack
          screenOptions={{
            headerShown: false,
            contentStyle: { backgroundColor: colors.background },
          }}
        />
      </QueryProvider>
    </ClerkProvider>
  );
}

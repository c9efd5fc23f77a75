import NetInfo from '@react-native-community/netinfo';
import { focusManager, onlineManager } from '@tanstack/react-query';
import { AppState, Platform } from 'react-native';

/**
 * TanStack Query listens to the browser's focus and online events only: on native, "focus" is
 * the app coming to the front (AppState) and "online" is NetInfo's connectivity. Idempotent:
 * each `setEventListener` replaces (and cleans up) the previous listener.
 */
export function wireQueryManagers(): void {
  onlineManager.setEventListener((setOnline) =>
    NetInfo.addEventListener((state) => {
      // `isConnected` is null while unknown: only a definite "no network" counts as offline.
      setOnline(state.isConnected !== false);
    }),
  );
  if (Platform.OS === 'web') return; // the default listens to `visibilitychange`
  focusManager.setEventListener((setFocused) => {
    const subscription = AppState.addEventListener('change', (status) => {
      setFocused(status === 'active');
    });
    return () => subscription.remove();
  });
}

import * as ScreenCapture from 'expo-screen-capture';
import { useEffect } from 'react';
import { Platform } from 'react-native';

/**
 * Keeps account data out of the app-switcher snapshot and screenshots. A JS cover can render
 * after the OS took its snapshot, so the OS is asked too: iOS blurs the snapshot, Android sets
 * FLAG_SECURE (which also blanks Recents).
 */
export function usePrivacyScreen(enabled: boolean): void {
  useEffect(() => {
    if (!enabled || Platform.OS === 'web') return;
    const enable =
      Platform.OS === 'ios'
        ? ScreenCapture.enableAppSwitcherProtectionAsync()
        : ScreenCapture.preventScreenCaptureAsync('assetra-lock');
    enable.catch(() => undefined);
    return () => {
      const disable =
        Platform.OS === 'ios'
          ? ScreenCapture.disableAppSwitcherProtectionAsync()
          : ScreenCapture.allowScreenCaptureAsync('assetra-lock');
      disable.catch(() => undefined);
    };
  }, [enabled]);
}

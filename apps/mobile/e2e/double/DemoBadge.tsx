import { StyleSheet, Text, View } from 'react-native';

/**
 * "Local demo" on every screen of a build that signs in through the local stand-in (E2E and
 * `npm run dev:app`), so nobody mistakes it for the real app. Production bundles never contain
 * it: it lives in the double, which only `build:e2e` bundles (test/export checks).
 */
export function DemoBadge() {
  return (
    <View pointerEvents="none" style={styles.badge}>
      <Text
        style={styles.text}
        accessibilityLabel="Local demo: accounts and emails stay on this computer"
      >
        Local demo
      </Text>
    </View>
  );
}

const styles = StyleSheet.create({
  badge: {
    position: 'absolute',
    top: 10,
    right: 10,
    paddingHorizontal: 10,
    paddingVertical: 4,
    borderRadius: 999,
    borderWidth: 1,
    borderColor: '#F5C451',
    backgroundColor: 'rgba(11, 15, 23, 0.9)',
  },
  text: { color: '#F5C451', fontSize: 12, fontWeight: '700', letterSpacing: 0.5 },
});

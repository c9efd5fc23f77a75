import { Image, StyleSheet } from 'react-native';

// Rendered from assets/brand/mark.svg by assets/brand/render.sh (the PNG is committed).
import mark from '../../assets/logo-mark.png';

/** The Assetra mark. Decorative: the heading next to it already says "Assetra". */
export function LogoMark({ size = 56 }: { size?: number }) {
  return (
    <Image
      source={mark}
      style={[styles.mark, { width: size, height: size }]}
      accessible={false}
      accessibilityElementsHidden
      importantForAccessibility="no-hide-descendants"
      resizeMode="contain"
    />
  );
}

const styles = StyleSheet.create({ mark: { alignSelf: 'flex-start' } });

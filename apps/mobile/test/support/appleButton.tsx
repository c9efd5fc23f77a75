import { Pressable, Text } from 'react-native';

type FakeButtonProps = { buttonType: number; onPress: () => void };

const SIGN_UP = 2;

/**
 * expo-apple-authentication at its module edge: the native ASAuthorizationAppleIDButton, which
 * VoiceOver announces as "Sign in with Apple" (or "Sign up with Apple"), as a plain pressable.
 */
export function fakeAppleAuthenticationModule() {
  return {
    AppleAuthenticationButtonType: { SIGN_IN: 0, CONTINUE: 1, SIGN_UP },
    AppleAuthenticationButtonStyle: { WHITE: 0, WHITE_OUTLINE: 1, BLACK: 2 },
    AppleAuthenticationButton: ({ buttonType, onPress }: FakeButtonProps) => {
      const label = buttonType === SIGN_UP ? 'Sign up with Apple' : 'Sign in with Apple';
      return (
        <Pressable accessibilityRole="button" accessibilityLabel={label} onPress={onPress}>
          <Text>{label}</Text>
        </Pressable>
      );
    },
  };
}

import { AuthScreen } from './AuthScreen';

export function SignUpScreen() {
  return <AuthScreen mode="sign-up" />;
}

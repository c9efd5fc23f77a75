import { AuthScreen } from './AuthScreen';

export function SignInScreen() {
  return <AuthScreen mode="sign-in" />;
}

import { useAuth } from '@clerk/expo';
import { Redirect } from 'expo-router';

import { Splash } from '../src/components/Splash';

export default function Index() {
  const { isLoaded, isSignedIn } = useAuth();
  if (!isLoaded) return <Splash />;
  return <Redirect href={isSignedIn ? '/home' : '/sign-in'} />;
}

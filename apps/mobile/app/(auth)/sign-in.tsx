export { SignInScreen as default } from '../../src/features/auth/SignInScreen';

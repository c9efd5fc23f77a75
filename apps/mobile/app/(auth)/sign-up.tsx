export { SignUpScreen as default } from '../../src/features/auth/SignUpScreen';

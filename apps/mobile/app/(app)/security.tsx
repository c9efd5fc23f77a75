export { SecurityScreen as default } from '../../src/features/security/SecurityScreen';

export { SignedInLayout as default } from '../../src/features/session/SignedInLayout';

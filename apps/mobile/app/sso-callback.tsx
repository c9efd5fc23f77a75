// The SSO browser returns here; WebBrowser.maybeCompleteAuthSession() in the root layout hands
// the result to the waiting flow, and native auth sessions never render it.
export { Splash as default } from '../src/components/Splash';

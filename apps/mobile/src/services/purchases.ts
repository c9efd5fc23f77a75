import { Platform } from 'react-native';
import Purchases from 'react-native-purchases';

import { configResult } from '../config';

/**
 * RevenueCat, keyed by the Clerk user id so the API's RevenueCat webhooks (which carry
 * `app_user_id`) land on the right Assetra user. Only the public SDK key ships in the app.
 */
let configured = false;

function ensureConfigured(): boolean {
  if (configured) return true;
  const apiKey = configResult.ok ? configResult.config.revenueCatApiKey : null;
  // The web build has no store to buy from; RevenueCat's native SDKs are iOS / Android only.
  if (apiKey === null || Platform.OS === 'web') return false;
  Purchases.configure({ apiKey });
  configured = true;
  return true;
}

/** Identifies the signed-in Clerk user to RevenueCat; failures never block the app. */
export async function logInPurchases(clerkUserId: string): Promise<void> {
  if (!ensureConfigured()) return;
  try {
    await Purchases.logIn(clerkUserId);
  } catch {
    // Offline or RevenueCat down: the next app start logs in again.
  }
}

export async function logOutPurchases(): Promise<void> {
  if (!configured) return;
  try {
    await Purchases.logOut();
  } catch {
    // Already anonymous (logOut rejects then) or offline: nothing left to undo.
  }
}

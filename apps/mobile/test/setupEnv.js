// Bundled EXPO_PUBLIC_* values for the test run; src/config.ts reads them once at import.
process.env.EXPO_PUBLIC_CLERK_PUBLISHABLE_KEY = 'pk_test_Y2xlcmsuYXNzZXRyYS50ZXN0JA';
process.env.EXPO_PUBLIC_API_URL = 'https://api.assetra.test';
process.env.EXPO_PUBLIC_REVENUECAT_API_KEY = 'appl_testPublicKey';

// NetInfo is a native module: every test gets the library's own jest mock (connected).
jest.mock('@react-native-community/netinfo', () =>
  require('@react-native-community/netinfo/jest/netinfo-mock.js'),
);

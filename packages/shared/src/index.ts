export * from './common.js';
export * from './user.js';
export * from './portfolio.js';
export * from './auth.js';
export * from './problem.js';
export * from './security.js';

import type { SecurityEventRecord, UserRecord } from '../store/port.js';

/** The user as an operator reads it: state and identity, nothing internal or secret. */
export function formatUser(user: UserRecord): string[] {
  const state = user.deletedAt ? 'deleted' : user.isActive ? 'active' : 'disabled';
  return [
    `clerkUserId: ${user.clerkUserId}`,
    `id: ${user.id}`,
    `state: ${state}`,
    `email: ${user.email ?? '-'}`,
    `displayName: ${user.displayName ?? '-'}`,
    `subscription: ${user.subscriptionStatus}${user.entitlements.length > 0 ? ` (${user.entitlements.join(', ')})` : ''}`,
    `createdAt: ${user.createdAt.toISOString()}`,
    ...(user.deletedAt ? [`deletedAt: ${user.deletedAt.toISOString()}`] : []),
  ];
}

/** One line per event: time, type, device, details. */
export function formatEvent(event: SecurityEventRecord): string {
  const device = event.device
    ? [event.device.browser, event.device.type, event.device.city, event.device.country]
        .filter(Boolean)
        .join(' / ')
    : '';
  const detail = Object.entries(event.detail)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(' ');
  return [event.at.toISOString(), event.type, device, detail].filter(Boolean).join('  ');
}

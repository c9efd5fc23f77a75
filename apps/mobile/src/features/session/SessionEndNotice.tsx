import { Notice } from '../../components/Notice';
import {
  useSessionEndNotice,
  type SessionEndNotice as Reason,
} from '../../services/sessionEndNotice';

/** Exact copy, exported for tests and the end-to-end steps. */
export const SESSION_END_MESSAGES: Record<Reason, string> = {
  expired: 'Your session ended — sign in again',
  deleted: 'Your account has been deleted',
};

/** Rendered at the top of the sign-in screen: why the user was signed out, if it was not by them. */
export function SessionEndNotice() {
  const notice = useSessionEndNotice();
  if (notice === null) return null;
  return <Notice tone="info" message={SESSION_END_MESSAGES[notice]} />;
}

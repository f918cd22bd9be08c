// Accounts and sessions: a visitor signs up and signs in; a signed-in person reads and changes their
// own account and signs out. The demo's outbox is readable by everyone, but its route exists only
// when SOCLE_DEMO is on (the web layer answers 404 otherwise).
import { allow, EVERYONE, ROLES } from './policy';

allow('anonymous', 'create', 'account');
allow(ROLES, ['read', 'update'], 'account');
allow(EVERYONE, 'create', 'session');
allow(ROLES, 'delete', 'session');
allow(EVERYONE, 'read', 'outbox');

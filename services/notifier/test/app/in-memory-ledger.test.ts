/** The in-memory ledger the use-case tests rely on passes the same contract as the real adapters. */
import { notificationLedgerContract } from '../contracts/notification-ledger.contract.js';
import { InMemoryNotificationLedger } from '../support/in-memory-ledger.js';

notificationLedgerContract('in memory', async ({ now, leaseMs }) => ({
  ledger: new InMemoryNotificationLedger({ now, leaseMs }),
  cleanup: async () => undefined,
}));

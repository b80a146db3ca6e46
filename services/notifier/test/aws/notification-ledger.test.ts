/** The NotificationLedger contract on DynamoDB (moto_server), NotifierTable created from serverless.yml. */
import { randomUUID } from 'node:crypto';
import { describe, it } from '@jest/globals';
import { DynamoNotificationLedger } from '../../src/adapters/aws/dynamo-notification-ledger.js';
import { notificationLedgerContract } from '../contracts/notification-ledger.contract.js';
import { clientsFor, createNotifierTable } from '../support/moto-clients.js';
import { MOTO_MISSING, motoAvailable, startMoto } from '../../../../tools/testing/moto.js';

if (!motoAvailable()) {
  process.stderr.write(`${MOTO_MISSING}\n`);
  describe.skip('NotificationLedger on DynamoDB (moto)', () => it('needs moto_server', () => undefined));
} else {
  notificationLedgerContract('DynamoDB on moto_server', async ({ now, leaseMs }) => {
    const moto = await startMoto();
    const clients = clientsFor(moto.endpoint);
    const tableName = await createNotifierTable(moto.endpoint);
    return {
      ledger: new DynamoNotificationLedger({ client: clients.document, tableName, now, newId: randomUUID, leaseMs }),
      async cleanup() {
        clients.destroy();
        await moto.stop();
      },
    };
  });
}

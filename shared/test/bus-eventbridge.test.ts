/** The EventBridge publisher against moto_server: custom bus → rule → SQS queue. */
import { describe, it } from '@jest/globals';
import { CreateEventBusCommand, EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { EventBridgeBusPublisher } from '../src/aws/bus.js';
import { busPublisherContract } from './bus.contract.js';
import { MOTO_MISSING, motoAvailable, startMoto } from '../../tools/testing/moto.js';

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

if (!motoAvailable()) {
  process.stderr.write(`${MOTO_MISSING}\n`);
  describe.skip('BusPublisher on EventBridge (moto)', () => it('needs moto_server', () => undefined));
} else {
  busPublisherContract('EventBridge on moto_server', async () => {
    const moto = await startMoto();
    const events = new EventBridgeClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials });
    const sqs = new SQSClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials });
    const busName = 's3-bulk-restore-test';
    await events.send(new CreateEventBusCommand({ Name: busName }));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'bus-contract' }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await events.send(new PutRuleCommand({ Name: 'all-ours', EventBusName: busName, EventPattern: JSON.stringify({ source: [{ prefix: 's3-bulk-restore.' }] }) }));
    await events.send(new PutTargetsCommand({ Rule: 'all-ours', EventBusName: busName, Targets: [{ Id: 'q', Arn: Attributes!['QueueArn'] }] }));
    return {
      publisher: new EventBridgeBusPublisher({ client: events, busName }),
      async observe(expected) {
        const seen: Array<{ source: string; 'detail-type': string; detail: Record<string, unknown> }> = [];
        for (let i = 0; i < 20 && seen.length < expected; i++) {
          const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
          for (const m of out.Messages ?? []) {
            seen.push(JSON.parse(m.Body!));
            await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
          }
        }
        return seen;
      },
      async cleanup() {
        events.destroy();
        sqs.destroy();
        await moto.stop();
      },
    };
  });
}

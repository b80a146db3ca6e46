/**
 * The dev API under `/_sandbox/`: health, the clock, fault rates, seeding, IT archive tiers,
 * event delivery statistics, Batch Operations jobs, reset. JSON in and out; errors are
 * `{ "code", "message", "field"? }` with a 4xx status.
 */
import type { SandboxContext } from '../../context.js';
import { S3Error } from '../../protocol/errors.js';
import type { SandboxRequest, SandboxResponse } from '../../protocol/request.js';
import { advanceClock, clockState, getClock, putClock } from './clock.js';
import { DevApiError, json } from './common.js';
import { getFaults, putFaults } from './faults.js';
import { setArchiveTier } from './objects.js';
import { seed } from './seed.js';

type Route = (ctx: SandboxContext, req: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

const ROUTES: Record<string, Route> = {
  'GET /_sandbox/health': (ctx) => json({ status: 'ok', clock: clockState(ctx) }),
  'GET /_sandbox/clock': getClock,
  'PUT /_sandbox/clock': putClock,
  'POST /_sandbox/clock/advance': advanceClock,
  'GET /_sandbox/faults': getFaults,
  'PUT /_sandbox/faults': putFaults,
  'POST /_sandbox/seed': seed,
  'POST /_sandbox/objects/archive-tier': setArchiveTier,
  'GET /_sandbox/events': (ctx, req) =>
    json({ stats: ctx.events.stats(), recent: ctx.events.recent(Number(req.query.get('limit') ?? 20)) }),
  'GET /_sandbox/jobs': (ctx) => json({ jobs: ctx.batch.list() }),
  'POST /_sandbox/reset': (ctx) => {
    ctx.s3.clear();
    ctx.batch.clear();
    ctx.changed();
    return json({ reset: true, clock: clockState(ctx) });
  },
};

export async function routeDev(ctx: SandboxContext, req: SandboxRequest): Promise<SandboxResponse> {
  const route = ROUTES[`${req.method} ${req.rawPath.replace(/\/+$/, '')}`];
  try {
    if (!route) throw new DevApiError(404, 'UnknownRoute', `no dev API route ${req.method} ${req.rawPath}; see docs/sandbox.md`);
    return await route(ctx, req);
  } catch (error) {
    if (error instanceof DevApiError) return json({ code: error.code, message: error.message, field: error.field }, error.status);
    if (error instanceof S3Error) return json({ code: error.code, message: error.message }, error.status);
    if (error instanceof RangeError) return json({ code: 'InvalidParameter', message: error.message }, 400);
    throw error;
  }
}

/** Dev API: read, configure and advance the virtual clock. */
import type { SandboxContext } from '../../context.js';
import type { SandboxRequest, SandboxResponse } from '../../protocol/request.js';
import { DevApiError, json, jsonBody, optionalNumber, optionalString } from './common.js';

export function clockState(ctx: SandboxContext): Record<string, unknown> {
  const now = ctx.clock.now();
  return { now: new Date(now).toISOString(), nowMs: now, mode: ctx.clock.clockMode, timeScale: ctx.clock.timeScale, pendingTasks: ctx.clock.pending };
}

export function getClock(ctx: SandboxContext): SandboxResponse {
  return json(clockState(ctx));
}

/** `PUT /_sandbox/clock {"mode":"manual"|"scaled","timeScale":3600}` */
export function putClock(ctx: SandboxContext, req: SandboxRequest): SandboxResponse {
  const body = jsonBody(req);
  const mode = optionalString(body, 'mode');
  if (mode !== undefined && mode !== 'manual' && mode !== 'scaled') {
    throw new DevApiError(400, 'InvalidParameter', 'mode must be "manual" or "scaled"', 'mode');
  }
  const timeScale = optionalNumber(body, 'timeScale', { min: 0.000001, max: 1e9 });
  ctx.clock.configure({ mode, timeScale });
  return json(clockState(ctx));
}

/** `POST /_sandbox/clock/advance {"ms":…} | {"seconds":…} | {"hours":…} | {"to":"2026-01-01T00:00:00Z"}` */
export async function advanceClock(ctx: SandboxContext, req: SandboxRequest): Promise<SandboxResponse> {
  const body = jsonBody(req);
  const to = optionalString(body, 'to');
  const ms = optionalNumber(body, 'ms', { min: 0 });
  const seconds = optionalNumber(body, 'seconds', { min: 0 });
  const hours = optionalNumber(body, 'hours', { min: 0 });
  const given = [to, ms, seconds, hours].filter((v) => v !== undefined).length;
  if (given !== 1) throw new DevApiError(400, 'InvalidParameter', 'give exactly one of ms, seconds, hours or to');
  if (to !== undefined) {
    const target = Date.parse(to);
    if (Number.isNaN(target)) throw new DevApiError(400, 'InvalidParameter', 'to must be an ISO-8601 time', 'to');
    ctx.clock.advanceTo(target);
  } else {
    ctx.clock.advance(ms ?? (seconds ?? 0) * 1000 + (hours ?? 0) * 3_600_000);
  }
  // Deliveries that fell due are sent before answering, so a caller sees their effects.
  await ctx.events.flush();
  return json(clockState(ctx));
}

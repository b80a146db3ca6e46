/** Dev API: read and change fault injection rates (partial updates merge). */
import type { FaultSettings, SandboxContext } from '../../context.js';
import type { SandboxRequest, SandboxResponse } from '../../protocol/request.js';
import { DevApiError, json, jsonBody } from './common.js';

const LIMITS: { [G in keyof FaultSettings]: Record<keyof FaultSettings[G], { min: number; max: number }> } = {
  restore: {
    slowDownRate: { min: 0, max: 1 },
    expeditedUnavailableRate: { min: 0, max: 1 },
    maxRestoreTps: { min: 1, max: 1e9 },
  },
  events: {
    duplicateRate: { min: 0, max: 1 },
    delayRate: { min: 0, max: 1 },
    maxDelayMs: { min: 0, max: 7 * 24 * 3_600_000 },
    reorderRate: { min: 0, max: 1 },
    dropRate: { min: 0, max: 1 },
  },
  batch: { taskFailureRate: { min: 0, max: 1 } },
};

export function getFaults(ctx: SandboxContext): SandboxResponse {
  return json(ctx.faults);
}

/** `PUT /_sandbox/faults {"events":{"dropRate":0.05}}`; validated whole before anything changes. */
export function putFaults(ctx: SandboxContext, req: SandboxRequest): SandboxResponse {
  const body = jsonBody(req);
  const updates: Array<() => void> = [];
  for (const [group, values] of Object.entries(body)) {
    const limits = LIMITS[group as keyof FaultSettings] as Record<string, { min: number; max: number }> | undefined;
    if (!limits) throw new DevApiError(400, 'InvalidParameter', `unknown fault group ${group} (restore, events, batch)`, group);
    if (!values || typeof values !== 'object') throw new DevApiError(400, 'InvalidParameter', `${group} must be an object`, group);
    for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
      const limit = limits[name];
      const field = `${group}.${name}`;
      if (!limit) throw new DevApiError(400, 'InvalidParameter', `unknown fault ${field}`, field);
      if (typeof value !== 'number' || !(value >= limit.min && value <= limit.max)) {
        throw new DevApiError(400, 'InvalidParameter', `${field} must be a number between ${limit.min} and ${limit.max}`, field);
      }
      updates.push(() => {
        (ctx.faults[group as keyof FaultSettings] as unknown as Record<string, number>)[name] = value;
      });
    }
  }
  for (const apply of updates) apply();
  return json(ctx.faults);
}

import { describe, expect, it } from '@jest/globals';
import { OBJECT_EVENT_TYPES, OBJECT_STATES, isSettled, transition } from './object-state.js';

describe('object transitions', () => {
  it.each([
    ['registered', 'RestoreRequested', 'requested'],
    ['registered', 'RestoreInitiated', 'restoring'],
    ['requested', 'RestoreInitiated', 'restoring'],
    ['restoring', 'RestoreCompleted', 'restored'],
    ['registered', 'RestoreCompleted', 'restored'],
    ['requested', 'ObjectAvailable', 'available'],
    ['registered', 'ObjectFailed', 'failed'],
    ['failed', 'RestoreCompleted', 'restored'],
  ] as const)('%s --%s--> %s', (from, event, to) => {
    expect(transition(from, event)).toBe(to);
  });

  it.each([
    ['restoring', 'RestoreInitiated'],
    ['restored', 'RestoreInitiated'],
    ['restored', 'RestoreCompleted'],
    ['restored', 'ObjectFailed'],
    ['restoring', 'RestoreRequested'],
    ['available', 'RestoreCompleted'],
    ['restored', 'RestoreExpired'],
  ] as const)('%s ignores %s (duplicate, late or not applicable)', (from, event) => {
    expect(transition(from, event)).toBeUndefined();
  });

  it('never leaves a settled state except failed → readable', () => {
    for (const state of OBJECT_STATES.filter(isSettled)) {
      for (const event of OBJECT_EVENT_TYPES) {
        const next = transition(state, event);
        if (next !== undefined) expect([state, next]).toEqual(['failed', expect.stringMatching(/^(restored|available)$/)]);
      }
    }
  });

  it('applying any sequence of events twice moves nothing the second time', () => {
    for (const first of OBJECT_EVENT_TYPES) {
      for (const second of OBJECT_EVENT_TYPES) {
        let state = transition('registered', first) ?? 'registered';
        state = transition(state, second) ?? state;
        const again = transition(state, second);
        expect(again === undefined || again !== state).toBe(true);
        expect(transition(state, second) ?? state).toBe(transition(state, second) ?? state);
      }
    }
  });
});

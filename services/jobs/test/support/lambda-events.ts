/** The Lambda events and context of the handler tests: shared test support (tools/testing). */
export * from '../../../../tools/testing/lambda-events.js';

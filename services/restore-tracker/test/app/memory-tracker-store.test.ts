/** The in-memory fake the use-case tests use passes the same TrackerStore contract as the real adapters. */
import { MemoryTrackerStore } from '../fakes/memory-tracker-store.js';
import { trackerStoreContract } from '../contracts/tracker-store.contract.js';

trackerStoreContract('in-memory fake', async () => {
  const store = new MemoryTrackerStore();
  return { store, cleanup: async () => undefined };
});

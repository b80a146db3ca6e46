/** The in-memory fake passes the JobStore contract, so use-case tests on it mean something. */
import { MemoryJobStore } from '../fakes/memory-job-store.js';
import { jobStoreContract } from '../contracts/job-store.contract.js';

jobStoreContract('in memory (test fake)', async () => ({ store: new MemoryJobStore(), cleanup: async () => undefined }));

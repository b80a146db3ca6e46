/** The TrackerStore contract on the SQLite adapter, on a real database file (fresh per suite). */
import { SqliteTrackerStore } from '../../src/adapters/sqlite/tracker-store.js';
import { trackerStoreContract } from '../contracts/tracker-store.contract.js';
import { openCountingDatabase, tempDatabaseFile } from './temp-database.js';

trackerStoreContract('SQLite file', async () => {
  const temp = tempDatabaseFile();
  const { db, statements } = openCountingDatabase(temp.file);
  const store = new SqliteTrackerStore({ db });
  return {
    store,
    requestCount: statements,
    async cleanup() {
      db.close();
      temp.remove();
    },
  };
});

/**
 * An object's shard: a job's objects are spread over `counterShards` so that a burst of restore
 * events for one job does not write one hot key. On DynamoDB the object's shard names its event
 * log partition and its index shard; the counters are spread per transaction instead
 * (docs/architecture.md, "Counter shards under a burst").
 */

/**
 * The shard of an object: the first 32 bits of its id (hex, e.g. `objectId(ref)`) modulo the
 * job's shard count.
 *
 * @example counterShard('ffffffff00…', 16) // 15
 */
export function counterShard(objectIdHex: string, counterShards: number): number {
  const head = Number.parseInt(objectIdHex.slice(0, 8), 16);
  if (!Number.isFinite(head)) throw new RangeError(`not a hex object id: ${objectIdHex}`);
  return head % counterShards;
}

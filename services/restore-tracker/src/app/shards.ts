/**
 * Counter sharding. A job's counters are spread over `counterShards` items so that a burst of
 * restore events for one job does not serialise on one hot item; an object always moves the same
 * shard, chosen from its id.
 */

/**
 * The counter shard of an object: the first 32 bits of its id (hex, e.g. `objectId(ref)`)
 * modulo the job's shard count.
 *
 * @example counterShard('ffffffff00…', 16) // 15
 */
export function counterShard(objectIdHex: string, counterShards: number): number {
  const head = Number.parseInt(objectIdHex.slice(0, 8), 16);
  if (!Number.isFinite(head)) throw new RangeError(`not a hex object id: ${objectIdHex}`);
  return head % counterShards;
}

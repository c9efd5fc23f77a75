/**
 * A bounded least-recently-used map: at most `maxEntries` entries and at most `maxWeight`
 * total weight (e.g. bytes), whichever bound is hit first evicts the least recent entries.
 * Every operation is O(1): a Map for lookup and a doubly-linked list for recency.
 */
export type Lru<K, V> = {
  get(key: K): V | undefined;
  /** Like get, without making the entry more recent. */
  peek(key: K): V | undefined;
  set(key: K, value: V, weight?: number): void;
  delete(key: K): boolean;
  clear(): void;
  readonly size: number;
  readonly weight: number;
};

type Node<K, V> = {
  key: K;
  value: V;
  weight: number;
  newer: Node<K, V> | undefined;
  older: Node<K, V> | undefined;
};

export function createLru<K, V>(options: { maxEntries: number; maxWeight?: number }): Lru<K, V> {
  const { maxEntries } = options;
  const maxWeight = options.maxWeight ?? Number.POSITIVE_INFINITY;
  if (!(maxEntries >= 1)) throw new RangeError('maxEntries must be at least 1');
  const nodes = new Map<K, Node<K, V>>();
  let newest: Node<K, V> | undefined;
  let oldest: Node<K, V> | undefined;
  let total = 0;

  function unlink(node: Node<K, V>) {
    if (node.newer) node.newer.older = node.older;
    else newest = node.older;
    if (node.older) node.older.newer = node.newer;
    else oldest = node.newer;
    node.newer = node.older = undefined;
  }

  function pushNewest(node: Node<K, V>) {
    node.older = newest;
    if (newest) newest.newer = node;
    newest = node;
    oldest ??= node;
  }

  function remove(key: K): boolean {
    const node = nodes.get(key);
    if (!node) return false;
    nodes.delete(key);
    unlink(node);
    total -= node.weight;
    return true;
  }

  return {
    get(key) {
      const node = nodes.get(key);
      if (!node) return undefined;
      if (node !== newest) {
        unlink(node);
        pushNewest(node);
      }
      return node.value;
    },
    peek(key) {
      return nodes.get(key)?.value;
    },
    set(key, value, weight = 1) {
      remove(key);
      if (weight > maxWeight) return;
      const node: Node<K, V> = { key, value, weight, newer: undefined, older: undefined };
      nodes.set(key, node);
      pushNewest(node);
      total += weight;
      while (oldest && (nodes.size > maxEntries || total > maxWeight)) remove(oldest.key);
    },
    delete: remove,
    clear() {
      nodes.clear();
      newest = oldest = undefined;
      total = 0;
    },
    get size() {
      return nodes.size;
    },
    get weight() {
      return total;
    },
  };
}

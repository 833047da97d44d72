import { SegmentContact } from '../../rules/domain/segment-contact';
import { TenantContactsCache, TenantLoader } from './tenant-contacts-cache';

const contact = (id: string, firstName = id) => ({ id, firstName }) as unknown as SegmentContact;
const names = async (cache: TenantContactsCache, tenant: string) => [...(await cache.contactsOf(tenant))].map((c) => `${c.id}:${c.firstName}`).sort();

/** A loader whose reads are held until released, to interleave changes with them. */
function storedContacts(stored: Record<string, Array<[string, number, string]>>) {
  const reads: Array<() => void> = [];
  const loader: TenantLoader = async (tenant, add) => {
    await new Promise<void>((resolve) => reads.push(resolve));
    for (const [id, version, name] of stored[tenant] ?? []) add(id, version, contact(id, name));
  };
  return { loader, release: () => reads.splice(0).forEach((resolve) => resolve()), reads };
}

describe('TenantContactsCache', () => {
  let clock = 0;
  const options = (maxContacts = 100, maxAgeMs = 1000) => ({ maxContacts, maxAgeMs, now: () => clock });
  beforeEach(() => (clock = 0));

  it('reads a tenant once, then serves it from memory with later changes applied', async () => {
    const store = storedContacts({ t1: [['a', 1, 'Ana'], ['b', 1, 'Bo']] });
    const cache = new TenantContactsCache(store.loader, options());
    const first = names(cache, 't1');
    store.release();
    expect(await first).toEqual(['a:Ana', 'b:Bo']);

    cache.apply('t1', 'a', 2, contact('a', 'Ana Maria'));
    cache.apply('t1', 'c', 1, contact('c', 'Cy'));
    cache.apply('t1', 'b', 2, null);
    expect(await names(cache, 't1')).toEqual(['a:Ana Maria', 'c:Cy']);
    expect(store.reads).toHaveLength(0);
  });

  it('keeps the newer state whichever arrives first: a change during the read, or the stored row', async () => {
    const store = storedContacts({ t1: [['a', 1, 'Old'], ['b', 3, 'Stored'], ['d', 1, 'Deleted later']] });
    const cache = new TenantContactsCache(store.loader, options());
    const reading = names(cache, 't1');
    cache.apply('t1', 'a', 2, contact('a', 'New')); // newer than the row about to be read
    cache.apply('t1', 'b', 2, contact('b', 'Stale')); // older than the stored row
    cache.apply('t1', 'd', 2, null); // deleted before its stored row is read
    store.release();
    expect(await reading).toEqual(['a:New', 'b:Stored']);
  });

  it('holds no tenant for changes alone, but starts a tenant it reads from its recent changes', async () => {
    const store = storedContacts({ t2: [['a', 1, 'Ana']] });
    const cache = new TenantContactsCache(store.loader, options());
    cache.apply('t2', 'x', 1, contact('x', 'Xavier')); // not stored in the projection yet when t2 is read
    expect(cache.size()).toEqual({ tenants: 0, contacts: 0 });
    const reading = names(cache, 't2');
    store.release();
    expect(await reading).toEqual(['a:Ana', 'x:Xavier']);
  });

  it('forgets changes older than recentMs', async () => {
    const store = storedContacts({});
    const cache = new TenantContactsCache(store.loader, { ...options(), recentMs: 1000 });
    cache.apply('t3', 'x', 1, contact('x'));
    clock = 2000;
    const reading = names(cache, 't3');
    store.release();
    expect(await reading).toEqual([]);
  });

  it('reads a tenant again after maxAgeMs in the background, serving the held copy meanwhile', async () => {
    const stored: Record<string, Array<[string, number, string]>> = { t1: [['a', 1, 'Ana']] };
    const store = storedContacts(stored);
    const cache = new TenantContactsCache(store.loader, options(100, 1000));
    const first = names(cache, 't1');
    store.release();
    await first;

    stored.t1 = [['a', 1, 'Ana'], ['z', 1, 'Missed']]; // a change this instance never heard of
    clock = 1001;
    expect(await names(cache, 't1')).toEqual(['a:Ana']); // served at once; the re-read has started
    cache.apply('t1', 'a', 2, contact('a', 'During'));
    store.release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(await names(cache, 't1')).toEqual(['a:During', 'z:Missed']);
  });

  it('lets the least recently used tenants go beyond the contact budget', async () => {
    const store = storedContacts({ t1: [['a', 1, 'A'], ['b', 1, 'B']], t2: [['c', 1, 'C'], ['d', 1, 'D']] });
    const cache = new TenantContactsCache(store.loader, options(3));
    const t1 = names(cache, 't1');
    store.release();
    await t1;
    clock = 10;
    const t2 = names(cache, 't2');
    store.release();
    await t2;
    expect(cache.size()).toEqual({ tenants: 1, contacts: 2 });
    const again = names(cache, 't1');
    expect(store.reads).toHaveLength(1); // t1 is read again
    store.release();
    expect(await again).toEqual(['a:A', 'b:B']);
  });

  it('forgets a tenant whose read failed, so the next preview tries again', async () => {
    let fail = true;
    const cache = new TenantContactsCache(async (_tenant, add) => {
      if (fail) throw new Error('database unavailable');
      add('a', 1, contact('a'));
    }, options());
    await expect(cache.contactsOf('t1')).rejects.toThrow('database unavailable');
    fail = false;
    expect(await names(cache, 't1')).toEqual(['a:a']);
  });

  it('lets a merged-away contact go at the version it holds, so an undone merge brings it back', async () => {
    const store = storedContacts({ t1: [['a', 3, 'Ana'], ['b', 1, 'Bo']] });
    const cache = new TenantContactsCache(store.loader, options());
    const first = names(cache, 't1');
    store.release();
    await first;
    cache.mergedAway('t1', 'a');
    expect(await names(cache, 't1')).toEqual(['b:Bo']);
    cache.apply('t1', 'a', 3, contact('a', 'Stale')); // a late copy of the version merged away
    expect(await names(cache, 't1')).toEqual(['b:Bo']);
    cache.apply('t1', 'a', 4, contact('a', 'Ana again')); // the undo's ContactCreated
    expect(await names(cache, 't1')).toEqual(['a:Ana again', 'b:Bo']);
  });
});

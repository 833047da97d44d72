import { ContactsRepository } from '../contacts/contacts.repository';
import { TagCatalogue, TagCount } from './tag-catalogue';

describe('the tag catalogue', () => {
  const counting = () => {
    const calls: Array<(counts: TagCount[]) => void> = [];
    const repository = { tagCounts: () => new Promise<TagCount[]>((resolve) => calls.push(resolve)) } as unknown as ContactsRepository;
    return { catalogue: new TagCatalogue(repository), calls };
  };
  const vip = (contacts: number): TagCount[] => [{ key: 'vip', label: 'VIP', contacts }];

  it('counts once for readers that come while it counts, and serves the counts again until tags change', async () => {
    const { catalogue, calls } = counting();
    const first = catalogue.of('t1');
    const second = catalogue.of('t1');
    expect(calls).toHaveLength(1);
    calls[0](vip(3));
    expect(await first).toEqual(vip(3));
    expect(await second).toEqual(vip(3));
    expect(await catalogue.of('t1')).toEqual(vip(3));
    expect(calls).toHaveLength(1);

    catalogue.changed('t1');
    const recounted = catalogue.of('t1');
    expect(calls).toHaveLength(2);
    calls[1](vip(4));
    expect(await recounted).toEqual(vip(4));
  });

  it('keeps tenants apart, and a change during a count still counts again after it', async () => {
    const { catalogue, calls } = counting();
    const a = catalogue.of('a');
    void catalogue.of('b');
    expect(calls).toHaveLength(2);
    catalogue.changed('a');
    expect(catalogue.of('a')).toBe(a); // still counting: shared, not a second count
    calls[0](vip(1));
    await a;
    void catalogue.of('a');
    expect(calls).toHaveLength(3);
  });
});

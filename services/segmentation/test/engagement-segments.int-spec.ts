import { ConsentChanged, MessageRead, MessageReceived, MessageSent } from '@roster/contracts';
import { CampaignService, waitFor } from '@roster/testing';
import { SegmentationHarness, startSegmentation } from './segmentation-harness';

type Membership = { data: { segmentId: string; contactId: string; change: string; at: string; cause: { kind: string; eventType?: string } } };
const HOUR = 3_600_000;

/** Segments on message engagement, fed by message outcomes on the real topics end to end. */
describe('engagement segments', () => {
  let h: SegmentationHarness;
  let campaign: CampaignService;
  beforeAll(async () => {
    h = await startSegmentation('seg-engagement');
    campaign = new CampaignService(h.infra.kafka, h.infra.topicPrefix);
  });
  afterAll(async () => {
    await campaign?.stop();
    await h?.close();
  });

  const eventsFor = (segmentId: string, contactId: string) =>
    h.membershipEvents.values<Membership>().filter((e) => e.data.segmentId === segmentId && e.data.contactId === contactId);
  const waitForEvents = (what: string, segmentId: string, contactId: string, count: number) =>
    waitFor(what, async () => (eventsFor(segmentId, contactId).length >= count ? eventsFor(segmentId, contactId) : undefined), 20_000);
  const ready = async (tenant: string, body: Record<string, unknown>) => {
    const { auth, segments } = h.as(tenant);
    const created = (await segments.post('/v1/segments').set('Authorization', auth).send(body).expect(201)).body;
    await waitFor('segment ready', async () => ((await segments.get(`/v1/segments/${created.id}`).set('Authorization', auth)).body.status === 'ready' ? true : undefined), 20_000);
    return created;
  };

  it('builds and previews "newsletter openers (opened the last 3 messages)", and a read receipt completing 3 of 3 brings the contact in', async () => {
    const tenant = 'seg-openers';
    const { auth, contacts, segments } = h.as(tenant);
    const id = (await contacts.post('/v1/contacts').set('Authorization', auth).send({ phone: '+4915123460001' }).expect(201)).body.id;
    const templates = (await segments.get('/v1/segments/templates').set('Authorization', auth).expect(200)).body.items;
    const { name, rule } = templates.find((t: { key: string }) => t.key === 'newsletter-openers');
    const sent = ['wamid.n1', 'wamid.n2', 'wamid.n3'].map((messageId, i) => ({ messageId, contactId: id, campaignId: 'newsletter', occurredAt: new Date(Date.now() - (3 - i) * HOUR).toISOString() }));
    await campaign.report(tenant, [...sent.map((data) => ({ definition: MessageSent, data })), ...sent.slice(0, 2).map((data) => ({ definition: MessageRead, data }))]);
    await waitFor('two reads', async () => ((await contacts.get(`/v1/contacts/${id}`).set('Authorization', auth)).body.engagement?.recent.filter((m: { status: string }) => m.status === 'read').length === 2 ? true : undefined));

    const openers = await ready(tenant, { name, rule });
    const before = (await segments.post('/v1/segments/preview').set('Authorization', auth).send({ rule }).expect(200)).body;
    expect(before.matching).toBe(0);

    await campaign.report(tenant, [{ definition: MessageRead, data: { ...sent[2], occurredAt: new Date().toISOString() } }]);
    const [entered] = await waitForEvents('entry on the third read', openers.id, id, 1);
    expect(entered.data).toMatchObject({ change: 'entered', cause: { kind: 'contact-event' } });
    // How fast (report to membership event) is measured by bench:messages, not here.
    const after = (await segments.post('/v1/segments/preview').set('Authorization', auth).send({ rule }).expect(200)).body;
    expect(after).toMatchObject({ matching: 1, sample: [expect.objectContaining({ id })] });
  });

  it('lets a contact leave a messageable segment as soon as it sends an opt-out keyword', async () => {
    const tenant = 'seg-optout';
    const { auth, contacts } = h.as(tenant);
    const id = (await contacts.post('/v1/contacts').set('Authorization', auth).send({ phone: '+4915123460002', consent: { status: 'opted_in', method: 'form', source: 'web' } }).expect(201)).body.id;
    const messageable = await ready(tenant, { name: 'Can be messaged', rule: { field: 'canMessage', op: 'eq', value: true } });
    await waitForEvents('entry', messageable.id, id, 1);
    await campaign.report(tenant, [{ definition: MessageReceived, data: { messageId: 'wamid.stop', contactId: id, text: 'STOP', occurredAt: new Date().toISOString() } }]);
    const [, exited] = await waitForEvents('exit on STOP', messageable.id, id, 2);
    expect(exited.data).toMatchObject({ change: 'exited', cause: { kind: 'contact-event', eventType: ConsentChanged.type } });
  });

  it('closes the service window on time alone', async () => {
    const tenant = 'seg-window';
    const { auth, contacts } = h.as(tenant);
    const id = (await contacts.post('/v1/contacts').set('Authorization', auth).send({ phone: '+4915123460003' }).expect(201)).body.id;
    const open = await ready(tenant, { name: 'Service window open', rule: { field: 'serviceWindowOpen', op: 'eq', value: true } });
    await campaign.report(tenant, [{ definition: MessageReceived, data: { messageId: 'wamid.hi', contactId: id, text: 'hi', occurredAt: new Date().toISOString() } }]);
    await waitForEvents('entry', open.id, id, 1);
    h.clock.advance(24 * HOUR + 60_000);
    const [, exited] = await waitForEvents('exit as the window closes', open.id, id, 2);
    expect(exited.data).toMatchObject({ change: 'exited', cause: { kind: 'time-passed' } });
  });
});

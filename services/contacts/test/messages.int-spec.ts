import { MessageDelivered, MessageFailed, MessageRead, MessageReceived, MessageSent, Topics, deadLetterTopic } from '@roster/contracts';
import { DEAD_LETTER_HEADERS } from '@roster/messaging';
import { CampaignService, TopicReader, waitFor } from '@roster/testing';
import { MessagesRepository } from '../src/messages/messages.repository';
import { MessageTextRetention } from '../src/messages/message-text-retention';
import { ContactsHarness, startContacts } from './contacts-harness';

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

/** Message outcomes from campaign services, over the real topic: engagement, invalid numbers, replies, keywords, history. */
describe('message outcomes', () => {
  let h: ContactsHarness;
  let campaign: CampaignService;
  let deadLetters: TopicReader;
  beforeAll(async () => {
    h = await startContacts('messages', { OUTBOX_RELAY_INTERVAL_MS: '100' });
    campaign = new CampaignService(h.infra.kafka, h.infra.topicPrefix);
    deadLetters = await new TopicReader(h.infra.kafka, deadLetterTopic(Topics.Messages), h.infra.topicPrefix).start();
  });
  afterAll(async () => {
    await deadLetters?.stop();
    await campaign?.stop();
    await h?.close();
  });

  const tenant = 'messaging';
  const newContact = async (phone: string, extra: Record<string, unknown> = {}) => {
    const { auth, http } = h.as(tenant);
    return (await http.post('/v1/contacts').set('Authorization', auth).send({ phone, ...extra }).expect(201)).body;
  };
  const contact = async (id: string, role: 'admin' | 'viewer' = 'admin') => {
    const { auth, http } = h.as(tenant, role);
    return (await http.get(`/v1/contacts/${id}`).set('Authorization', auth).expect(200)).body;
  };
  const until = <T>(what: string, id: string, check: (c: any) => T | undefined | false) =>
    waitFor(what, async () => {
      const c = await contact(id);
      return check(c) ? c : undefined;
    }, 20_000);

  it('ends in the right state whatever order statuses arrive in, and a replay changes nothing', async () => {
    const c = await newContact('+4915200000001');
    const m = { messageId: 'wamid.order-1', contactId: c.id, campaignId: 'cmp-order', occurredAt: minutesAgo(10) };
    await campaign.report(tenant, [
      { definition: MessageRead, data: { ...m, occurredAt: minutesAgo(5) } },
      { definition: MessageDelivered, data: { ...m, occurredAt: minutesAgo(8) } },
      { definition: MessageSent, data: m },
      { definition: MessageRead, data: { ...m, occurredAt: minutesAgo(5) } },
    ]);
    const done = await until('the read to be taken in', c.id, (x) => x.engagement?.recent[0]?.status === 'read');
    // A later message marks when everything before it was applied.
    await campaign.report(tenant, [{ definition: MessageSent, data: { ...m, messageId: 'wamid.order-2', occurredAt: minutesAgo(1) } }]);
    const after = await until('the next message', c.id, (x) => x.engagement.recent.length === 2);
    expect(after.version).toBe(done.version + 1);
    expect(after.engagement.recent[1]).toMatchObject({ messageId: 'wamid.order-1', status: 'read', replied: false });
    expect(after.engagement.daily[0]).toMatchObject({ received: 2, read: 1 });
    expect(after.engagement.readRate).toBe(0.5);
    const { auth, http } = h.as(tenant);
    const [history] = (await http.get(`/v1/contacts/${c.id}/campaigns`).set('Authorization', auth).expect(200)).body.items;
    expect(history).toMatchObject({ campaignId: 'cmp-order', sent: 2, delivered: 1, read: 1, failed: 0 });
    const stored = await h.app.get(MessagesRepository).get(tenant, 'wamid.order-1');
    expect(stored!.at.toISOString()).toBe(m.occurredAt);
  });

  it('dead-letters an outcome for an unknown phone with the reason, and creates no contact', async () => {
    await campaign.report(tenant, [{ definition: MessageReceived, data: { messageId: 'wamid.stranger', phone: '+4915299999999', text: 'hello', occurredAt: minutesAgo(1) } }]);
    const letter = await waitFor('the dead letter', () => deadLetters.messages.find((m) => m.value?.toString().includes('wamid.stranger')));
    expect(letter.headers?.[DEAD_LETTER_HEADERS.reason]?.toString()).toMatch(/unknown-contact: no contact has the phone \+4915299999999/);
    const { auth, http } = h.as(tenant);
    expect((await http.get('/v1/contacts').query({ q: '4915299999999' }).set('Authorization', auth).expect(200)).body.items).toEqual([]);
    const metrics = (await http.get('/metrics')).text;
    expect(metrics).toMatch(/roster_message_outcomes_total\{[^}]*outcome="received",result="unknown-contact"[^}]*\} [1-9]/);
  });

  it('creates a contact from an inbound message when the tenant allows it', async () => {
    const { auth, http } = h.as('messaging-open');
    await http.patch('/v1/tenant/messaging').set('Authorization', auth).send({ createContactOnInbound: true }).expect(200);
    const { body } = await http.post('/v1/messages/events').set('Authorization', auth)
      .send({ events: [{ outcome: 'received', messageId: 'wamid.new-1', phone: '+4915200000077', text: 'Hi there', occurredAt: minutesAgo(1) }] }).expect(201);
    expect(body).toMatchObject({ applied: 1, rejected: 0 });
    const [created] = (await http.get('/v1/contacts').query({ q: '4915200000077' }).set('Authorization', auth).expect(200)).body.items;
    expect(created.engagement.lastInboundAt).toBeTruthy();
  });

  it('marks a number invalid after consecutive hard failures, with reason and messages, and a later delivery clears it', async () => {
    const c = await newContact('+4915200000002', { status: 'inactive' });
    const failed = (id: string, code: number, minutes: number) => ({
      definition: MessageFailed, data: { messageId: id, contactId: c.id, campaignId: 'cmp-fail', occurredAt: minutesAgo(minutes), error: { code, title: code === 131026 ? 'Message undeliverable' : 'Re-engagement message' } },
    });
    // A soft failure (outside the 24-hour window) says nothing about the number.
    await campaign.report(tenant, [failed('wamid.f1', 131026, 30), failed('wamid.f2', 131047, 20)]);
    const soft = await until('two failures', c.id, (x) => x.engagement?.recent.length === 2);
    expect({ status: soft.status, invalid: soft.engagement.invalidNumber }).toEqual({ status: 'inactive', invalid: null });

    await campaign.report(tenant, [failed('wamid.f3', 131026, 10)]);
    const invalid = await until('the number to be marked invalid', c.id, (x) => x.status === 'invalid');
    expect(invalid.engagement.invalidNumber).toMatchObject({ messageIds: ['wamid.f3', 'wamid.f1'], reason: expect.stringContaining('131026') });
    expect(invalid.canMessage ?? false).toBe(false);

    const { auth, http } = h.as(tenant);
    const found = (await http.get('/v1/contacts').query({ status: 'invalid' }).set('Authorization', auth).expect(200)).body.items.map((x: { id: string }) => x.id);
    expect(found).toContain(c.id);

    await campaign.report(tenant, [{ definition: MessageDelivered, data: { messageId: 'wamid.f4', contactId: c.id, campaignId: 'cmp-fail', occurredAt: minutesAgo(1) } }]);
    const cleared = await until('the delivery to clear it', c.id, (x) => x.status !== 'invalid');
    expect({ status: cleared.status, invalid: cleared.engagement.invalidNumber }).toEqual({ status: 'inactive', invalid: null });
  });

  it('removes invalid numbers with one filter and one bulk delete', async () => {
    const c = await newContact('+4915200000003');
    await campaign.report(tenant, ['wamid.r1', 'wamid.r2'].map((messageId, i) => ({
      definition: MessageFailed, data: { messageId, contactId: c.id, occurredAt: minutesAgo(5 - i), error: { code: 131026, title: 'Message undeliverable' } },
    })));
    await until('invalid', c.id, (x) => x.status === 'invalid');
    const { auth, http } = h.as(tenant);
    const { body } = await http.post('/v1/contacts/bulk').set('Authorization', auth).send({ action: 'delete', filter: { status: ['invalid'] } }).expect(201);
    expect(body.changed).toBeGreaterThanOrEqual(1);
    await http.get(`/v1/contacts/${c.id}`).set('Authorization', auth).expect(404);
  });

  it('sets the status on a reply, opens the service window, and counts the reply against the message it answers', async () => {
    const c = await newContact('+4915200000004', { status: 'inactive' });
    await campaign.report(tenant, [
      { definition: MessageSent, data: { messageId: 'wamid.q1', contactId: c.id, campaignId: 'cmp-reply', occurredAt: minutesAgo(60) } },
      { definition: MessageReceived, data: { messageId: 'wamid.a1', phone: '+4915200000004', text: 'Yes, tell me more', occurredAt: minutesAgo(30) } },
    ]);
    // The two come on different keys (contact id, phone), so either may be taken in first.
    const replied = await until('the message and the reply', c.id, (x) => x.engagement?.lastInboundAt && x.engagement.recent.length === 1);
    expect(replied.status).toBe('active');
    expect(replied.traits.lastActivityAt).toBe(replied.engagement.lastInboundAt);
    expect(Date.parse(replied.engagement.serviceWindowUntil) - Date.parse(replied.engagement.lastInboundAt)).toBe(24 * 3_600_000);
    expect(replied.engagement).toMatchObject({ replyRate: 1, recent: [{ messageId: 'wamid.q1', replied: true }] });
    const { auth, http } = h.as(tenant);
    const [history] = (await http.get(`/v1/contacts/${c.id}/campaigns`).set('Authorization', auth).expect(200)).body.items;
    expect(history).toMatchObject({ campaignId: 'cmp-reply', replied: 1 });

    // The reply taken in before the message it answers (statuses and replies may come on different keys).
    const late = await newContact('+4915200000009');
    await http.post('/v1/messages/events').set('Authorization', auth).send({ events: [
      { outcome: 'received', messageId: 'wamid.a2', contactId: late.id, text: 'Yes', occurredAt: minutesAgo(30) },
      { outcome: 'sent', messageId: 'wamid.q2', contactId: late.id, campaignId: 'cmp-late', occurredAt: minutesAgo(60) },
    ] }).expect(201);
    expect((await contact(late.id)).engagement).toMatchObject({ replyRate: 1, recent: [{ messageId: 'wamid.q2', replied: true }] });
    const [lateHistory] = (await http.get(`/v1/contacts/${late.id}/campaigns`).set('Authorization', auth).expect(200)).body.items;
    expect(lateHistory).toMatchObject({ campaignId: 'cmp-late', replied: 1 });
  });

  it('withdraws consent at once on an opt-out keyword, with the message as proof, and never on a sentence that contains one', async () => {
    const c = await newContact('+4915200000005', { consent: { status: 'opted_in', method: 'form', source: 'website' } });
    await campaign.report(tenant, [{ definition: MessageReceived, data: { messageId: 'wamid.k1', contactId: c.id, text: "Please don't stop!", occurredAt: minutesAgo(3) } }]);
    const still = await until('the sentence', c.id, (x) => x.engagement?.lastInboundAt);
    expect(still.consent.whatsapp.status).toBe('opted_in');

    await campaign.report(tenant, [{ definition: MessageReceived, data: { messageId: 'wamid.k2', contactId: c.id, text: '  Arrêt. ', occurredAt: minutesAgo(2) } }]);
    const out = await until('the opt-out', c.id, (x) => x.consent.whatsapp.status === 'opted_out');
    expect(out.consent.history.at(-1)).toMatchObject({ status: 'opted_out', method: 'keyword', source: 'whatsapp-inbound', proof: 'message wamid.k2: "  Arrêt. "' });

    await campaign.report(tenant, [{ definition: MessageReceived, data: { messageId: 'wamid.k3', contactId: c.id, text: 'START', occurredAt: minutesAgo(1) } }]);
    await until('the opt-in (policy grant)', c.id, (x) => x.consent.whatsapp.status === 'opted_in');
  });

  it('shows conversations with text masked for viewers, hides text past retention, and erasure removes it all', async () => {
    const { auth, http } = h.as('messaging-retention');
    const own = (await http.post('/v1/contacts').set('Authorization', auth).send({ phone: '+4915200000006' }).expect(201)).body;
    await http.patch('/v1/tenant/messaging').set('Authorization', auth).send({ textRetentionDays: 1 }).expect(200);
    await http.post('/v1/messages/events').set('Authorization', auth).send({ events: [
      { outcome: 'received', messageId: 'wamid.old', contactId: own.id, text: 'old secret', occurredAt: new Date(Date.now() - 3 * 86_400_000).toISOString() },
      { outcome: 'sent', messageId: 'wamid.out', contactId: own.id, conversationId: 'conv-1', occurredAt: minutesAgo(2) },
      { outcome: 'received', messageId: 'wamid.new', contactId: own.id, conversationId: 'conv-1', text: 'new secret', occurredAt: minutesAgo(1) },
    ] }).expect(201);
    const page = (await http.get(`/v1/contacts/${own.id}/conversations`).set('Authorization', auth).expect(200)).body;
    expect(page.items.map((g: any) => [g.conversationId, g.messages.map((m: any) => [m.messageId, m.text])])).toEqual([
      ['conv-1', [['wamid.new', 'new secret'], ['wamid.out', null]]],
      [expect.stringMatching(/^since-/), [['wamid.old', null]]],
    ]);
    const viewer = h.as('messaging-retention', 'viewer');
    const masked = (await viewer.http.get(`/v1/contacts/${own.id}/conversations`).set('Authorization', viewer.auth).expect(200)).body;
    expect(masked.items[0].messages[0].text).toBe('•••');
    expect(await h.app.get(MessageTextRetention).sweep()).toBeGreaterThanOrEqual(1);
    expect((await h.app.get(MessagesRepository).get('messaging-retention', 'wamid.old'))!.text).toBeUndefined();

    await http.delete(`/v1/contacts/${own.id}`).query({ erase: true }).set('Authorization', auth).expect(204);
    expect(await h.app.get(MessagesRepository).get('messaging-retention', 'wamid.new')).toBeNull();
  });

  it('refuses malformed outcomes over HTTP with 400 and applies nothing of the request', async () => {
    const { auth, http } = h.as(tenant);
    const c = await newContact('+4915200000008');
    const good = { outcome: 'sent', messageId: 'wamid.h1', contactId: c.id, occurredAt: minutesAgo(1) };
    for (const bad of [
      { ...good, contactId: undefined },
      { ...good, outcome: 'failed' },
      { ...good, outcome: 'received' },
      { ...good, outcome: 'bounced' },
      { ...good, occurredAt: 'yesterday' },
      { ...good, phone: '015200000008', contactId: undefined },
      { ...good, messageId: 'x'.repeat(201) },
    ]) {
      const response = await http.post('/v1/messages/events').set('Authorization', auth).send({ events: [good, bad] });
      expect({ bad, status: response.status, type: response.body.type }).toEqual({ bad, status: 400, type: 'https://roster.dev/problems/validation-failed' });
    }
    await http.post('/v1/messages/events').set('Authorization', auth).send({ events: Array.from({ length: 1001 }, () => good) }).expect(400);
    const viewer = h.as(tenant, 'viewer');
    await viewer.http.post('/v1/messages/events').set('Authorization', viewer.auth).send({ events: [good] }).expect(403);
    expect((await contact(c.id)).engagement.recent).toEqual([]);
    const mixed = await http.post('/v1/messages/events').set('Authorization', auth).send({ events: [good, { ...good, contactId: undefined, phone: '+4915288888888' }, good] }).expect(201);
    expect(mixed.body).toMatchObject({ applied: 1, unchanged: 1, rejected: 1, results: [{ index: 0, result: 'applied' }, { index: 1, result: 'rejected', reason: expect.stringMatching(/unknown-contact/) }, { index: 2, result: 'unchanged' }] });
    const policy = await http.patch('/v1/tenant/messaging').set('Authorization', auth).send({ keywords: [{ language: 'en', optOut: ['STOP'], optIn: ['stop!'] }] });
    expect(policy.status).toBe(400);
    await http.patch('/v1/tenant/messaging').set('Authorization', auth).send({ recentMessages: 0 }).expect(400);
  });
});

import { EVENT_CATALOGUE } from './catalogue';
import { createEvent } from './envelope';
import { ContactCreated, ContactDeleted } from './events/contact.events';
import { exampleContact } from './events/contact-snapshot';
import { validateEvent } from './validation';

const event = (sequence = 1) =>
  createEvent(ContactCreated, { tenantId: 'acme', subject: exampleContact.id, sequence, source: '/roster/contacts', data: { contact: exampleContact } });

describe('validateEvent', () => {
  it.each(EVENT_CATALOGUE.map((d) => [d.name, d] as const))('accepts the documented example of %s', (_name, definition) => {
    const envelope = createEvent(definition, { tenantId: 'acme', subject: 's1', sequence: 1, source: '/test', data: definition.example as never });
    expect(validateEvent(JSON.parse(JSON.stringify(envelope)))).toEqual({ ok: true, event: envelope });
  });

  it('refuses a missing attribute, naming it', () => {
    const { tenantid: _t, ...rest } = event();
    const result = validateEvent(rest);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining("must have required property 'tenantid'") });
  });

  it('refuses a non-positive sequence and an unknown type', () => {
    expect(validateEvent({ ...event(), sequence: 0 })).toMatchObject({ ok: false, reason: expect.stringContaining('/sequence') });
    expect(validateEvent({ ...event(), type: 'roster.contact.exploded.v1' })).toEqual({
      ok: false,
      reason: 'unknown event type roster.contact.exploded.v1',
    });
  });

  it('refuses data that does not fit the type, with the path', () => {
    const bad = { ...event(), data: { contact: { ...exampleContact, phone: '0151 234' } } };
    expect(validateEvent(bad)).toMatchObject({ ok: false, reason: expect.stringContaining('/data/contact/phone') });
    const extra = createEvent(ContactDeleted, { tenantId: 'a', subject: 'c', sequence: 2, source: '/t', data: { contactId: 'c', erased: true } });
    expect(validateEvent({ ...extra, data: { ...extra.data, notes: 'private' } })).toMatchObject({ ok: false });
  });

  it('never lets private notes into a contact event', () => {
    const withNotes = { ...event(), data: { contact: { ...exampleContact, notes: 'owes us money' } } };
    expect(validateEvent(withNotes)).toMatchObject({ ok: false, reason: expect.stringContaining('additional properties') });
  });
});

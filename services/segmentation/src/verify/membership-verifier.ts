import { Inject, Injectable, Logger } from '@nestjs/common';
import { ContactSnapshot } from '@roster/contracts';
import { SETTINGS, ServiceClient, ServiceRefusal } from '@roster/http';
import { CLOCK, Clock } from '../clock';
import { ContactProjectionsRepository } from '../membership/contact-projections.repository';
import { evaluateMemberships } from '../membership/domain/membership-engine';
import { MembershipWriter } from '../membership/membership-writer';
import { SegmentMembersRepository } from '../membership/segment-members.repository';
import { segmentContactOf } from '../rules/domain/segment-contact';
import { SegmentCatalog } from '../segments/segment-catalog';
import { SegmentationSettings } from '../segmentation.settings';
import { ContactIndex, MemberBits, SegmentDrift, segmentDrift } from './domain/membership-drift';

const PAGE = 500;

export interface VerifyReport {
  tenantId: string;
  /** Contacts the contacts service holds, as read page by page. */
  contacts: number;
  segments: SegmentDrift[];
  /** Contacts with a missing or extra membership in some segment. */
  driftedContacts: number;
  /** With `repair`: contacts re-applied from the contacts service's data. */
  repaired: number;
  checkedAt: string;
}

type ContactView = Omit<ContactSnapshot, 'tenantId' | 'consent'> & { consent: { whatsapp: ContactSnapshot['consent']['whatsapp'] }; notes?: unknown };

/** A contact as the contacts service's API shows it to an admin, back in its event form. */
const snapshotOf = (tenantId: string, { notes: _notes, consent, ...view }: ContactView): ContactSnapshot => ({ ...view, tenantId, consent: { whatsapp: consent.whatsapp } });

/**
 * Re-evaluates a tenant's segments from the contacts service's own data (not from this service's
 * projection, which is what may have drifted) and compares the result with the stored member
 * documents that campaign services page through. With `repair`, every drifted contact is applied
 * again from its current data: the projection takes it (its entries and exits are published) and
 * the drifted member documents are rewritten from it.
 */
@Injectable()
export class MembershipVerifier {
  private readonly logger = new Logger(MembershipVerifier.name);
  private readonly contacts: ServiceClient;

  constructor(
    private readonly catalog: SegmentCatalog,
    private readonly members: SegmentMembersRepository,
    private readonly projections: ContactProjectionsRepository,
    private readonly writer: MembershipWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SETTINGS) settings: SegmentationSettings,
  ) {
    this.contacts = new ServiceClient({ baseUrl: settings.CONTACTS_URL, secret: settings.AUTH_JWT_SECRET, subject: 'roster-segmentation', timeoutMs: 60_000 });
  }

  async verify(tenantId: string, repair: boolean): Promise<VerifyReport> {
    const tenant = await this.catalog.of(tenantId);
    const live = tenant.definitions.filter((d) => !d.retiring);
    const expected = new Map(live.map((d) => [d.id, new MemberBits()]));
    const index = new ContactIndex();
    const now = this.clock.now();
    for await (const contact of this.allContacts(tenantId)) {
      const position = index.add(contact.id);
      const { memberships } = evaluateMemberships(segmentContactOf(contact), {}, live, { now, lifecycle: tenant.lifecycle });
      for (const segmentId of Object.keys(memberships)) expected.get(segmentId)?.add(position);
    }

    const drifted = new Map<string, Set<string>>();
    const segments: SegmentDrift[] = [];
    for (const definition of live) {
      const name = tenant.byId.get(definition.id)?.name ?? definition.id;
      const onDrift = (contactId: string) => (drifted.get(contactId) ?? drifted.set(contactId, new Set()).get(contactId)!).add(definition.id);
      segments.push(await segmentDrift({ id: definition.id, name }, index, expected.get(definition.id)!, this.members.contactIds(tenantId, definition.id), onDrift));
    }
    let repaired = 0;
    if (repair) {
      for (const [contactId, segmentIds] of drifted) {
        await this.repair(tenantId, contactId, [...segmentIds]);
        repaired += 1;
      }
      this.logger.log({ tenantId, repaired }, 'membership repaired from the contacts service');
    }
    return { tenantId, contacts: index.size, segments, driftedContacts: drifted.size, repaired, checkedAt: new Date(now).toISOString() };
  }

  private async *allContacts(tenantId: string): AsyncIterable<ContactSnapshot> {
    let cursor: string | null = null;
    do {
      const query: string = `/v1/contacts?sort=createdAt&order=asc&limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: { items: ContactView[]; nextCursor: string | null } = await this.contacts.call(tenantId, 'GET', query);
      for (const view of page.items) yield snapshotOf(tenantId, view);
      cursor = page.nextCursor;
    } while (cursor);
  }

  /** The contact's current data applied (or its absence), then its drifted member documents rewritten. */
  private async repair(tenantId: string, contactId: string, segmentIds: string[]): Promise<void> {
    const contact = await this.contacts.call<ContactView>(tenantId, 'GET', `/v1/contacts/${encodeURIComponent(contactId)}`).then(
      (view) => snapshotOf(tenantId, view),
      (error: unknown) => {
        if (error instanceof ServiceRefusal && error.status === 404) return null;
        throw error;
      },
    );
    await this.writer.reconcile(tenantId, contactId, {
      // A projection newer than what was read keeps its own state (an event overtook the read).
      next: (current) => (current && contact && current.version > contact.version ? 'skip' : { contact: contact && segmentContactOf(contact), version: Math.max(contact?.version ?? 0, current?.version ?? 0) }),
      cause: { kind: 'verify-repair' },
    });
    const projection = await this.projections.get(tenantId, contactId);
    if (projection) await this.writer.syncMembers({ ...projection, membersPending: [...new Set([...projection.membersPending, ...segmentIds])] });
    else await this.members.set(tenantId, contactId, segmentIds.map((segmentId) => ({ segmentId, since: null })));
  }
}

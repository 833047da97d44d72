import { QueryFilter, Types } from 'mongoose';
import { ContactRecord } from './contact.schema';
import { keywordQuery } from './domain/search-terms';
import { tagKey } from './domain/tags';
import { ContactFilterDto } from './dto/search.dto';

/** Turns a caller's filter into a query over indexed fields only (tenant scope is added by the repository). */
export function toContactQuery(filter: ContactFilterDto): QueryFilter<ContactRecord> {
  const and: QueryFilter<ContactRecord>[] = [];
  if (filter.q?.trim()) {
    const keyword = keywordQuery(filter.q);
    // A keyword with no usable term (a single letter) matches nothing rather than everything.
    and.push(keyword.terms.length ? { searchTerms: { $all: keyword.terms } } : { _id: { $exists: false } });
    if (keyword.phoneDigits) and.push({ phone: { $regex: keyword.phoneDigits } });
  }
  if (filter.tag?.length) and.push({ 'tags.key': { $in: filter.tag.map(tagKey) } });
  if (filter.list) and.push({ lists: filter.list });
  if (filter.status?.length) and.push({ status: { $in: filter.status as ContactRecord['status'][] } });
  if (filter.leadSource?.length) and.push({ leadSource: { $in: filter.leadSource.map((s) => s.toLowerCase()) } });
  if (filter.consent) and.push({ 'consent.whatsapp.status': filter.consent });
  if (and.length === 0) return {};
  return and.length === 1 ? and[0] : { $and: and };
}

export function byIds(ids: string[]): QueryFilter<ContactRecord> {
  return { _id: { $in: ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id)) } };
}

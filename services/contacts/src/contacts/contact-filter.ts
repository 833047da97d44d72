import { QueryFilter, Types } from 'mongoose';
import { ContactRecord } from './contact.schema';
import { keywordQuery } from './domain/search-terms';
import { tagKey } from './domain/tags';
import { CUSTOM_CONDITION, ContactFilterDto } from './dto/search.dto';

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
  if (filter.ids?.length) and.push(byIds(filter.ids));
  if (filter.country?.length) and.push({ 'location.country': { $in: filter.country } });
  for (const condition of filter.custom ?? []) {
    const [, key, value] = CUSTOM_CONDITION.exec(condition)!;
    and.push({ [`customFields.${key}`]: { $in: customFieldForms(value) } });
  }
  if (and.length === 0) return {};
  return and.length === 1 ? and[0] : { $and: and };
}

export function byIds(ids: string[]): QueryFilter<ContactRecord> {
  return { _id: { $in: ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id)) } };
}

/** A query string holds text; the field may hold the number or the yes/no it spells. */
function customFieldForms(value: string): Array<string | number | boolean> {
  const forms: Array<string | number | boolean> = [value];
  if (value.trim() !== '' && Number.isFinite(Number(value))) forms.push(Number(value));
  if (value === 'true' || value === 'false') forms.push(value === 'true');
  return forms;
}

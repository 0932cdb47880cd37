import { describe, expect, it } from 'vitest';
import { templatePath } from './route-template.ts';

describe('templatePath', () => {
  it('replaces ids, uuids, hex ids, dates, e-mails and tokens, and drops the query', () => {
    expect(templatePath('/users/42/trips/7')).toBe('/users/{id}/trips/{id}');
    expect(templatePath('/profile/3f2b8c1e-9a4d-4e2b-8f1a-2b3c4d5e6f70')).toBe('/profile/{uuid}');
    expect(templatePath('/objects/507f1f77bcf86cd799439011')).toBe('/objects/{hex}');
    expect(templatePath('/timeline/getTrips/2026-11-02')).toBe('/timeline/getTrips/{date}');
    expect(templatePath('/people/ada%40example.org/visits')).toBe('/people/{email}/visits');
    expect(templatePath('/reset/aZ3kQ9xP2mN7vB4cD8eF1g')).toBe('/reset/{token}');
    expect(templatePath('/search?q=secret&lat=52.1')).toBe('/search');
    expect(templatePath('/geo/52.3676/4.9041')).toBe('/geo/{id}/{id}');
  });

  it('keeps literal segments, including words that look hex-ish but have no digit', () => {
    expect(templatePath('/datastreams/find_entries/timestamp')).toBe('/datastreams/find_entries/timestamp');
    expect(templatePath('/usercache/put')).toBe('/usercache/put');
    expect(templatePath('/facade/decade')).toBe('/facade/decade');
    expect(templatePath('/v2/api')).toBe('/v2/api');
    expect(templatePath('/')).toBe('/');
    expect(templatePath('')).toBe('/');
    expect(templatePath('/a//b/')).toBe('/a//b/');
  });
});

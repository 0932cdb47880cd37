import { describe, expect, it } from 'vitest';
import { writtenTable } from './index-workload.ts';

describe('writtenTable', () => {
  it.each([
    ['insert into "comment" ("body", "articleid") values (?+) returning "id"', 'comment'],
    ['update "article" set "title" = ? where "id" = ?', 'article'],
    ['delete from public.trips where id = ?', 'trips'],
    ['update only t set a = ?', 't'],
    ['comment.insert {"documents":"?"}', 'comment'],
    ['timeseries.findAndModify {"query":{"user_id":"?"}}', 'timeseries'],
    ['select * from comment where id = ?', undefined],
    ['timeseries.find {"filter":{}}', undefined],
  ])('%s', (fingerprint, table) => {
    expect(writtenTable(fingerprint)).toBe(table);
  });
});

import { describe, expect, it } from 'vitest';
import { createRouteNamer } from './route-names.ts';

describe('route names', () => {
  it('templates paths until the server names the route, then uses the server’s name', () => {
    const names = createRouteNamer();
    expect(names.routeOf('/timeline/getTrips/2026-11-02')).toBe('/timeline/getTrips/{date}');
    expect(names.learn('/timeline/getTrips/2026-11-03', '/timeline/getTrips/:day')).toBe(
      '/timeline/getTrips/{date}',
    );
    expect(names.routeOf('/timeline/getTrips/2026-11-02')).toBe('/timeline/getTrips/:day');
    expect(names.routeOf('/users/42/trips')).toBe('/users/{id}/trips');
  });
});

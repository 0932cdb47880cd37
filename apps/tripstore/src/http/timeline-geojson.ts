// Trips as e-mission's timeline returns them: one GeoJSON FeatureCollection per trip, its places
// and sections as features.
import type { Section, Trip } from '../storage/storage.ts';

export function tripFeatureCollection(trip: Trip, sections: Section[]) {
  return {
    type: 'FeatureCollection',
    properties: {
      trip_id: trip.id,
      start_ts: trip.startTs,
      end_ts: trip.endTs,
      start_local_day: trip.localDay,
      time_zone: trip.timeZone,
      distance: trip.distanceM,
      duration: trip.endTs - trip.startTs,
    },
    features: [
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: trip.start },
        properties: { feature_type: 'start_place' },
      },
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: trip.end },
        properties: { feature_type: 'end_place' },
      },
      ...sections.map((section) => ({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: section.coordinates },
        properties: {
          feature_type: 'section',
          sensed_mode: section.mode,
          start_ts: section.startTs,
          end_ts: section.endTs,
          distance: section.distanceM,
        },
      })),
    ],
  };
}
